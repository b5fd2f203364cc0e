/** Go's `time.ParseDuration`, the duration syntax Argo's fields and `argo logs --since` use. */

const unitMs: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};

/** `[-+]?(\d+(\.\d*)?unit)+`, or `0`, in milliseconds; undefined when it is not one. */
export function goDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const body = text.replace(/^[+-]/, '');
  if (!/^(\d*\.?\d+|\d+\.)(h|ms|us|µs|ns|m|s)((\d*\.?\d+|\d+\.)(h|ms|us|µs|ns|m|s))*$/.test(body))
    return undefined;
  let total = 0;
  for (const m of body.matchAll(/(\d*\.?\d*)(h|ms|us|µs|ns|m|s)/g))
    total += Number(m[1]) * (unitMs[m[2] as string] as number);
  return text.startsWith('-') ? -total : total;
}
