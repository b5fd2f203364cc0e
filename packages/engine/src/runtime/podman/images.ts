import type { PodContainer } from '@weft/core';
import { podmanError, runPodman } from './command.js';

/** Image references mapped to other (usually local) images: `alpine` or `alpine:3.23` → `localhost/weft/busybox`. */
export type ImageAliases = Readonly<Record<string, string>>;

/** The images `scripts/setup-podman.sh` builds, standing in for the images Argo's examples use. */
export const localImageAliases: ImageAliases = {
  busybox: 'localhost/weft/busybox:latest',
  alpine: 'localhost/weft/busybox:latest',
  'argoproj/argosay': 'localhost/weft/argosay:latest',
  python: 'localhost/weft/python:latest',
};

/**
 * Parses `FROM=TO` entries (`--image-alias`); `local` stands for the table of images the setup
 * script builds. Returns the table, or a message naming the bad entry.
 */
export function parseImageAliases(entries: readonly string[]): ImageAliases | string {
  const table: Record<string, string> = {};
  for (const entry of entries) {
    if (entry === 'local') {
      Object.assign(table, localImageAliases);
      continue;
    }
    const at = entry.indexOf('=');
    const from = entry.slice(0, at).trim();
    const to = entry.slice(at + 1).trim();
    if (at < 0 || from === '' || to === '')
      return `--image-alias: "${entry}" is not FROM=TO (e.g. alpine:3.23=localhost/weft/busybox) or "local"`;
    table[normalizeReference(from)] = to;
  }
  return table;
}

/** `docker.io/library/alpine:3` → `alpine:3` (Docker Hub's implicit parts removed). */
export function normalizeReference(image: string): string {
  const parts = image.split('/');
  const first = parts[0] ?? '';
  const hub = parts.length > 1 && (first === 'docker.io' || first === 'index.docker.io');
  const rest = hub ? parts.slice(1) : parts;
  if (hub && rest[0] === 'library' && rest.length > 1) rest.shift();
  return rest.join('/');
}

/** `alpine:3.23` → `alpine`; `host:5000/a/b@sha256:…` → `host:5000/a/b`. */
export function repositoryOf(reference: string): string {
  const noDigest = reference.split('@')[0] ?? reference;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** The image to run for `image`: its alias (exact reference first, then its repository), else itself. */
export function resolveImage(image: string, aliases: ImageAliases): { image: string; aliased: boolean } {
  const reference = normalizeReference(image);
  const target = aliases[reference] ?? aliases[repositoryOf(reference)];
  return target === undefined ? { image, aliased: false } : { image: target, aliased: true };
}

/** Kubernetes' waiting reason and message, as Argo shows them on the node. */
export function imagePullBackOff(image: string, reason: string): string {
  return `ImagePullBackOff: Back-off pulling image "${image}": ${reason}`;
}

/**
 * Makes sure images are present before containers use them: pulls missing ones (or every time
 * for `imagePullPolicy: Always`), never pulls aliased or `Never` images. Remembers what it found.
 */
export class ImagePuller {
  readonly #binary: string;
  readonly #present = new Set<string>();
  readonly #pending = new Map<string, Promise<string | undefined>>();

  constructor(binary: string) {
    this.#binary = binary;
  }

  /** Resolves undefined when `image` can be run, else the step's error message. */
  ensure(
    image: string,
    requested: string,
    container: PodContainer,
    aliased: boolean,
  ): Promise<string | undefined> {
    const policy = aliased ? 'Never' : String(container.imagePullPolicy ?? 'IfNotPresent');
    if (policy !== 'Always' && this.#present.has(image)) return Promise.resolve(undefined);
    const key = `${policy} ${image}`;
    const known = this.#pending.get(key);
    if (known) return known;
    const found = this.#find(image, requested, policy).finally(() => this.#pending.delete(key));
    this.#pending.set(key, found);
    return found;
  }

  async #find(image: string, requested: string, policy: string): Promise<string | undefined> {
    if (policy !== 'Always') {
      const exists = await runPodman(this.#binary, ['image', 'exists', image]);
      if (exists.code === 0) {
        this.#present.add(image);
        return undefined;
      }
      if (policy === 'Never') {
        const named = image === requested ? `"${image}"` : `"${image}" (alias of "${requested}")`;
        return `ErrImageNeverPull: Container image ${named} is not present with pull policy of Never`;
      }
    }
    const pulled = await runPodman(this.#binary, ['pull', '--quiet', image], { timeoutMs: 10 * 60_000 });
    if (pulled.code !== 0) return imagePullBackOff(requested, podmanError(pulled.stderr));
    this.#present.add(image);
    return undefined;
  }
}
