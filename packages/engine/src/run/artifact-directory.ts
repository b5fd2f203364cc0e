/** The local artifact repository of a run: artifacts stored under their keys below one directory. */
import { resolve, sep } from 'node:path';

export class ArtifactDirectory {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  /** Where the bytes of `key` live; a key that would escape the directory is refused. */
  pathOf(key: string): string {
    const path = resolve(this.#root, key);
    if (path !== this.#root && !path.startsWith(this.#root + sep))
      throw new Error(`artifact key "${key}" escapes the artifact directory`);
    return path;
  }
}
