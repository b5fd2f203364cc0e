import type { PodContainer } from '@weft/core';

/**
 * What the host runtime runs for an image, since it ignores the image itself: the image's
 * ENTRYPOINT and CMD as far as weft knows them. Kubernetes rules apply on top: `command`
 * replaces the entrypoint (and drops CMD), `args` replaces CMD.
 */
export interface ImageDefaults {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
}

const imageTable: readonly { readonly pattern: RegExp; readonly defaults: ImageDefaults }[] = [
  { pattern: /^argoproj\/argosay(:|@|$)/, defaults: { entrypoint: ['argosay'], cmd: [] } },
  { pattern: /^(alpine|busybox|ubuntu|debian)(:|@|$)/, defaults: { entrypoint: [], cmd: ['sh'] } },
  { pattern: /^python(:|@|$)/, defaults: { entrypoint: [], cmd: ['python3'] } },
  { pattern: /^node(:|@|$)/, defaults: { entrypoint: [], cmd: ['node'] } },
];

const noDefaults: ImageDefaults = { entrypoint: [], cmd: [] };

/** Strips a registry host and Docker Hub's `library/` prefix: `docker.io/library/alpine:3` → `alpine:3`. */
export function normalizeImage(image: string): string {
  const parts = image.split('/');
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const rest = hasRegistry ? parts.slice(1) : parts;
  if (rest[0] === 'library' && rest.length > 1) rest.shift();
  return rest.join('/');
}

export function imageDefaults(image: string | undefined): ImageDefaults {
  if (image === undefined) return noDefaults;
  const name = normalizeImage(image);
  return imageTable.find((entry) => entry.pattern.test(name))?.defaults ?? noDefaults;
}

/** The argv a container runs: `command ++ args`, or the image's entrypoint with `args` or its CMD. */
export function containerArgv(container: PodContainer): readonly string[] {
  const args = container.args ?? [];
  if (container.command !== undefined && container.command.length > 0) return [...container.command, ...args];
  const defaults = imageDefaults(container.image);
  return [...defaults.entrypoint, ...(container.args !== undefined ? args : defaults.cmd)];
}

/** Program names that weft provides itself. */
export interface ExecutableAliases {
  /** Host path of weft's argosay script, used for `argosay` and `/argosay`. */
  readonly argosay: string;
}

export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The argosay programs of Argo's test image map to weft's own. */
export function isArgosay(name: string): boolean {
  return name === 'argosay' || name === '/argosay';
}

/**
 * Paths inside the step's view where argv[0] may be, in the order to try: the name itself when
 * it has a slash, else each PATH entry; `python` falls back to `python3` when no `python` exists.
 */
export function executableCandidates(
  name: string,
  options: { readonly path: string; readonly cwd: string },
): string[] {
  if (name.includes('/')) return [name.startsWith('/') ? name : `${options.cwd.replace(/\/$/, '')}/${name}`];
  const dirs = options.path
    .split(':')
    .filter((dir) => dir.startsWith('/'))
    .map((dir) => dir.replace(/\/$/, ''));
  const programs = name === 'python' ? ['python', 'python3'] : [name];
  return programs.flatMap((program) => dirs.map((dir) => `${dir}/${program}`));
}
