/**
 * A container's `readinessProbe`, checked the way the kubelet does it, from the host: `httpGet`
 * (a 2xx or 3xx status) and `tcpSocket` (a connection) on 127.0.0.1, after `initialDelaySeconds`,
 * every `periodSeconds`. Used to say when a daemon step is ready. `exec` probes are not run: such a
 * container counts as ready once started. A runtime whose containers have their own network runs
 * the same check inside it (podman/readiness-in-container.ts).
 */
import { request } from 'node:http';
import { connect } from 'node:net';

export interface ReadinessProbe {
  readonly httpGet?: { readonly path?: string; readonly port: number | string; readonly scheme?: string };
  readonly tcpSocket?: { readonly port: number | string };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
}

/**
 * Kubernetes checks every 10 s by default; locally a daemon is polled every second unless the
 * probe says otherwise, so the steps after it do not wait needlessly.
 */
const defaultPeriodSeconds = 1;

/** Waits until a probe passes; resolves false if `signal` aborts first (the step ended). */
export type ReadinessWait = (probe: ReadinessProbe, signal: AbortSignal) => Promise<boolean>;

/**
 * What a runtime calls once a step's primary container runs: tells `onStarted` at once, or, when
 * that container declares a readinessProbe, once `wait` says it passed (never if `ended` aborts first).
 */
export function startReporter(
  probe: ReadinessProbe | undefined,
  onStarted: (() => void) | undefined,
  ended: AbortSignal,
  wait: ReadinessWait = waitUntilReady,
): (() => void) | undefined {
  if (!onStarted) return undefined;
  return () => {
    if (!probe) onStarted();
    else void wait(probe, ended).then((ready) => ready && onStarted());
  };
}

/** Resolves true once the probe passes, false if `signal` aborts first (the step ended). */
export async function waitUntilReady(probe: ReadinessProbe, signal: AbortSignal): Promise<boolean> {
  const check = probeCheck(probe);
  if (!check) return !signal.aborted;
  await sleep((probe.initialDelaySeconds ?? 0) * 1000, signal);
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  while (!signal.aborted) {
    if (await check(timeoutMs)) return !signal.aborted;
    await sleep((probe.periodSeconds ?? defaultPeriodSeconds) * 1000, signal);
  }
  return false;
}

function probeCheck(probe: ReadinessProbe): ((timeoutMs: number) => Promise<boolean>) | undefined {
  const http = probe.httpGet;
  if (http && (http.scheme ?? 'HTTP').toUpperCase() === 'HTTP')
    return (timeoutMs) => httpGetPasses(Number(http.port), http.path ?? '/', timeoutMs);
  const port = probe.tcpSocket?.port ?? (http ? http.port : undefined);
  if (port !== undefined) return (timeoutMs) => tcpConnects(Number(port), timeoutMs);
  return undefined;
}

function httpGetPasses(port: number, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: timeoutMs }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 400);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function tcpConnects(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: timeoutMs });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
