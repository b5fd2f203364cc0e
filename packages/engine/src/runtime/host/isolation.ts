import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A host path shown at `target` inside the step's view. With `overlay`, `source` is the read-only
 * lower layer of a copy-on-write view mounted at `target` (writes land in `overlay.upper`).
 */
export interface Bind {
  readonly source: string;
  readonly target: string;
  readonly readonly?: boolean;
  readonly overlay?: { readonly upper: string; readonly work: string };
}

/** The per-container directories an overlay view needs (engine-side paths). */
export interface OverlayLayout {
  readonly upper: string;
  readonly work: string;
  readonly merged: string;
  readonly binds: readonly Bind[];
  /** Working directory inside the view. */
  readonly cwd: string;
}

export interface Invocation {
  readonly file: string;
  readonly args: readonly string[];
}

/** How a container's process is enclosed in its private view of the filesystem. */
export type OverlayMechanism = 'helper' | 'bwrap' | 'unshare';

export interface Enclosure {
  readonly kind: OverlayMechanism | 'none';
  /** Whether `wrap` can mount `Bind.overlay` layers (input artifacts shown without copying them). */
  readonly overlayBinds?: boolean;
  /** Plain words for `runtime.isolation`. */
  readonly description: string;
  wrap(command: Invocation, layout: OverlayLayout): Invocation;
}

export const assetsDir = fileURLToPath(new URL('../../../assets/', import.meta.url));

const helperSource = join(assetsDir, 'weft-enter.c');

/** Compiles `assets/weft-enter.c` once per source version into `cacheDir`; undefined without a C compiler. */
export function buildHelper(cacheDir: string): string | undefined {
  if (!existsSync(helperSource)) return undefined;
  const hash = createHash('sha256').update(readFileSync(helperSource)).digest('hex').slice(0, 12);
  const binary = join(cacheDir, `weft-enter-${hash}`);
  if (existsSync(binary)) return binary;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${binary}.${process.pid}.tmp`;
    execFileSync('cc', ['-O2', '-o', partial, helperSource], { stdio: 'ignore', timeout: 60_000 });
    renameSync(partial, binary);
    return binary;
  } catch {
    return undefined;
  }
}

export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'weft');
}

export function helperEnclosure(helper: string): Enclosure {
  return {
    kind: 'helper',
    overlayBinds: true,
    description: 'overlay mount namespace (weft-enter): each step sees a private copy-on-write view of /',
    wrap: (command, layout) => ({
      file: helper,
      args: [
        layout.upper,
        layout.work,
        layout.merged,
        ...layout.binds.flatMap((bind) =>
          bind.overlay
            ? ['-o', bind.source, bind.overlay.upper, bind.overlay.work, bind.target]
            : [bind.readonly ? '-r' : '-b', bind.source, bind.target],
        ),
        '-w',
        layout.cwd,
        '--',
        command.file,
        ...command.args,
      ],
    }),
  };
}

/** bubblewrap ≥ 0.10 can mount the overlay itself (`--overlay`); older versions fail the probe. */
export function bwrapEnclosure(): Enclosure {
  return {
    kind: 'bwrap',
    description: 'overlay mount namespace (bubblewrap): each step sees a private copy-on-write view of /',
    wrap: (command, layout) => ({
      file: 'bwrap',
      args: [
        ...['--overlay-src', '/', '--overlay', layout.upper, layout.work, '/'],
        ...['--die-with-parent', '--proc', '/proc', '--dev-bind', '/dev', '/dev', '--bind', '/sys', '/sys'],
        ...layout.binds.flatMap((bind) => [bind.readonly ? '--ro-bind' : '--bind', bind.source, bind.target]),
        ...['--chdir', layout.cwd, '--', command.file, ...command.args],
      ],
    }),
  };
}

/** Whether util-linux's `setpriv --pdeathsig` is here (the step's process then dies with weft). */
function hasSetprivPdeathsig(): boolean {
  try {
    return execFileSync('setpriv', ['--help'], { encoding: 'utf8', timeout: 5_000 }).includes('--pdeathsig');
  } catch {
    return false;
  }
}

/**
 * Mounts with util-linux in a shell: the same view as the helper, with a few more execs. Under
 * `setpriv --pdeathsig KILL` when available, so the step's process (the shell execs into the
 * command) dies with weft; processes the command forks itself are not covered.
 */
export function unshareEnclosure(): Enclosure {
  const prefix = hasSetprivPdeathsig() ? ['--pdeathsig', 'KILL', 'unshare'] : undefined;
  return {
    kind: 'unshare',
    description:
      'overlay mount namespace (unshare + mount + chroot): each step sees a private copy-on-write view of /',
    wrap: (command, layout) => ({
      file: prefix ? 'setpriv' : 'unshare',
      args: [
        ...(prefix ?? []),
        '-m',
        'sh',
        '-c',
        unshareScript(layout),
        'weft-enter',
        layout.cwd,
        command.file,
        ...command.args,
      ],
    }),
  };
}

function unshareScript(layout: OverlayLayout): string {
  const m = quote(layout.merged);
  const options = quote(`lowerdir=/,upperdir=${layout.upper},workdir=${layout.work}`);
  const binds = [
    { source: '/proc', target: '/proc' },
    { source: '/dev', target: '/dev' },
    { source: '/sys', target: '/sys' },
    ...layout.binds,
  ].map((bind) => {
    const target = quote(`${layout.merged}${bind.target}`);
    const prepare = `{ [ -d ${quote(bind.source)} ] && mkdir -p ${target} || { mkdir -p "$(dirname ${target})" && touch ${target}; }; }`;
    const ro = bind.readonly ? ` && mount -o remount,bind,ro ${target}` : '';
    return `${prepare} && mount --rbind ${quote(bind.source)} ${target}${ro}`;
  });
  return [
    'mount --make-rprivate /',
    `mount -t overlay overlay -o ${options} ${m}`,
    ...binds,
    `exec chroot ${m} /bin/sh -c 'cd "$0" && exec "$@"' "$@"`,
  ].join(' && ');
}

export function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export const noEnclosure = (reason: string): Enclosure => ({
  kind: 'none',
  description: `none: ${reason}; steps share the host filesystem and may overwrite each other's files`,
  wrap: (command) => command,
});

/** Runs `true`-like probe inside the enclosure; true when a file written inside stays private. */
export function probeEnclosure(enclosure: Enclosure, scratchDir: string): boolean {
  mkdirSync(scratchDir, { recursive: true });
  const dir = mkdtempSync(join(scratchDir, 'weft-probe-'));
  const layout = { upper: join(dir, 'u'), work: join(dir, 'w'), merged: join(dir, 'm'), binds: [], cwd: '/' };
  try {
    for (const sub of [layout.upper, layout.work, layout.merged]) mkdirSync(sub);
    const marker = `/weft-probe-${process.pid}`;
    const call = enclosure.wrap({ file: 'sh', args: ['-c', `echo ok > ${marker}`] }, layout);
    execFileSync(call.file, [...call.args], { stdio: 'ignore', timeout: 10_000 });
    return existsSync(join(layout.upper, marker)) && !existsSync(marker);
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type IsolationMode = 'auto' | 'overlay' | 'none';

export interface EnclosureChoice {
  /** Mechanisms to try, fastest first (default: helper, bwrap, unshare). */
  readonly mechanisms?: readonly OverlayMechanism[];
  readonly cacheDir?: string;
  readonly scratchDir?: string;
}

function candidate(mechanism: OverlayMechanism, cacheDir: string | undefined): Enclosure | undefined {
  if (mechanism === 'bwrap') return bwrapEnclosure();
  if (mechanism === 'unshare') return unshareEnclosure();
  const helper = buildHelper(cacheDir ?? defaultCacheDir());
  return helper === undefined ? undefined : helperEnclosure(helper);
}

/** Picks the first mechanism that works here (fastest first), else none — unless overlay is required. */
export function chooseEnclosure(mode: IsolationMode, choice: EnclosureChoice = {}): Enclosure {
  if (mode === 'none') return noEnclosure('isolation disabled by configuration');
  const scratch = choice.scratchDir ?? tmpdir();
  const mechanisms = choice.mechanisms ?? ['helper', 'bwrap', 'unshare'];
  if (process.platform === 'linux') {
    for (const mechanism of mechanisms) {
      const enclosure = candidate(mechanism, choice.cacheDir);
      if (enclosure && probeEnclosure(enclosure, scratch)) return enclosure;
    }
  }
  const reason =
    process.getuid?.() === 0
      ? 'overlay mount namespaces are not available here'
      : 'overlay mount namespaces need root (run as root or in a container)';
  if (mode === 'overlay') throw new Error(`host runtime: isolation 'overlay' requested but ${reason}`);
  return noEnclosure(reason);
}
