/** Types of log-lines.mjs (used by the spawn worker and by the engine's file log store). */
export declare const MAX_RECORD_BYTES: number;
export declare function createLogClock(): () => string;
export interface StreamEncoder {
  push(chunk: Buffer, time: string): Buffer[];
  end(time: string): Buffer[];
}
export declare function createStreamEncoder(
  stream: 'stdout' | 'stderr',
  redact?: (bytes: Buffer) => Buffer,
): StreamEncoder;
/** Replaces each of `forms` in a buffer by `[redacted]` (the identity when there are none). */
export declare function createByteRedactor(forms: readonly string[] | undefined): (bytes: Buffer) => Buffer;
