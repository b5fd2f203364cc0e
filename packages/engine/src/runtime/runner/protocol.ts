import type { Socket } from 'node:net';
import type { StartStepRequest, StepResult } from '../types.js';

/**
 * The step runner's wire protocol: newline-delimited JSON over a Unix socket, one object per line.
 * Requests and results are the Runtime port's own types; they are plain data.
 */

/** Bumped on any incompatible change; a client refuses a runner that speaks another version. */
export const protocolVersion = 1;

export type ClientMessage =
  | { readonly type: 'start'; readonly request: StartStepRequest }
  | { readonly type: 'kill'; readonly id: string; readonly graceMs?: number }
  | { readonly type: 'ack'; readonly id: string }
  | { readonly type: 'shutdown' };

export interface RunningStep {
  readonly id: string;
  /** The step's primary container is running and ready (its onStart has fired). */
  readonly started: boolean;
}

export type RunnerMessage =
  /** First message on every connection; the un-acked results follow as `exit` messages. */
  | {
      readonly type: 'hello';
      readonly protocol: number;
      readonly pid: number;
      readonly isolation: string;
      readonly volumesDir: string;
      readonly running: readonly RunningStep[];
      readonly exited: readonly string[];
    }
  | { readonly type: 'started'; readonly id: string }
  | { readonly type: 'exit'; readonly result: StepResult };

/** Writes one message as a line. */
export function send(socket: Socket, message: ClientMessage | RunnerMessage): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}

/**
 * Calls `onMessage` for every complete line that arrives on `socket`, parsed as JSON.
 * A line that is not JSON is passed to `onBadLine` (the connection is the peer's problem).
 */
export function readMessages(
  socket: Socket,
  onMessage: (message: unknown) => void,
  onBadLine: (line: string) => void,
): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.length > 0) parseLine(line, onMessage, onBadLine);
      newline = buffered.indexOf('\n');
    }
  });
}

function parseLine(line: string, onMessage: (message: unknown) => void, onBadLine: (line: string) => void) {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    onBadLine(line);
    return;
  }
  onMessage(message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape of a request the runner is about to hand to the host runtime. */
function isStartRequest(value: unknown): value is StartStepRequest {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.stepDir === 'string' &&
    isRecord(value.pod) &&
    Array.isArray(value.inputFiles) &&
    Array.isArray(value.outputParameters) &&
    Array.isArray(value.outputArtifacts) &&
    Array.isArray(value.mainContainers)
  );
}

/** A client's message, or a sentence saying what is wrong with it. */
export function parseClientMessage(value: unknown): ClientMessage | string {
  if (!isRecord(value)) return 'message: not an object';
  switch (value.type) {
    case 'start':
      return isStartRequest(value.request)
        ? (value as ClientMessage)
        : 'start.request: not a StartStepRequest';
    case 'kill':
      if (typeof value.id !== 'string') return 'kill.id: not a string';
      if (value.graceMs !== undefined && typeof value.graceMs !== 'number')
        return 'kill.graceMs: not a number';
      return value as ClientMessage;
    case 'ack':
      return typeof value.id === 'string' ? (value as ClientMessage) : 'ack.id: not a string';
    case 'shutdown':
      return { type: 'shutdown' };
    default:
      return `type: unknown message type ${JSON.stringify(value.type)}`;
  }
}

/** A runner's message, or undefined when it is not one this client understands. */
export function parseRunnerMessage(value: unknown): RunnerMessage | undefined {
  if (!isRecord(value)) return undefined;
  if (value.type === 'hello' && typeof value.protocol === 'number') return value as RunnerMessage;
  if (value.type === 'started' && typeof value.id === 'string') return value as RunnerMessage;
  if (value.type === 'exit' && isRecord(value.result) && typeof value.result.id === 'string')
    return value as RunnerMessage;
  return undefined;
}
