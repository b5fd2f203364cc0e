/** Opens a run's control channel: the in-process `RunControl` and, when asked, the Unix socket. */
import type { RunWorkflowOptions } from '../run/options.js';
import type { ControlReply, ControlRequest } from './protocol.js';
import { serveControlSocket } from './socket.js';

export interface OpenControlChannel {
  /** Why the socket could not be opened; the run goes on, controllable in-process only. */
  readonly socketError?: string;
  close(): Promise<void>;
}

export async function openControlChannel(
  options: Pick<RunWorkflowOptions, 'control' | 'controlSocket'>,
  handle: (request: ControlRequest) => ControlReply,
): Promise<OpenControlChannel> {
  const detach = options.control?.attach(handle);
  let socketError: string | undefined;
  let server: Awaited<ReturnType<typeof serveControlSocket>> | undefined;
  if (options.controlSocket) {
    try {
      server = await serveControlSocket(options.controlSocket, handle);
    } catch (error) {
      socketError = (error as Error).message;
    }
  }
  return {
    ...(socketError ? { socketError } : {}),
    async close() {
      detach?.();
      await server?.close();
    },
  };
}
