/**
 * The control channel of a running workflow: requests a user (or a script, or later the server)
 * sends to a run in progress — Argo's `resume`, `node set`, `stop`, `terminate` — and the replies.
 * On the wire (see socket.ts) each is one line of JSON.
 */

export type ControlRequest =
  | { readonly action: 'status' }
  /** Resume suspended nodes (those matching `node`; all, and `spec.suspend`, without it) after setting `values`. */
  | { readonly action: 'resume'; readonly node?: string; readonly values?: Readonly<Record<string, string>> }
  /** Set supplied output parameters of the suspended nodes matching `node` (Argo's `node set`). */
  | { readonly action: 'set'; readonly node?: string; readonly values: Readonly<Record<string, string>> }
  | { readonly action: 'stop' }
  | { readonly action: 'terminate' };

export type ControlReply =
  | { readonly ok: true; readonly message: string; readonly status?: RunStatusSummary }
  | { readonly ok: false; readonly error: string };

export interface RunStatusSummary {
  readonly name: string;
  readonly phase: string;
  /** Display names of the nodes waiting for a resume. */
  readonly suspendedNodes: readonly string[];
  /** `spec.suspend`: the workflow itself waits for a resume. */
  readonly workflowSuspended: boolean;
}

/**
 * Where control requests reach a run: pass one to `runWorkflow({ control })` and call `request`
 * from anywhere in the process (the socket server uses the same object).
 *
 * @example
 *   const control = new RunControl();
 *   const done = runWorkflow({ ...options, control });
 *   control.request({ action: 'resume', node: 'approve', values: { message: 'ok' } });
 */
export class RunControl {
  #handler?: (request: ControlRequest) => ControlReply;

  /** Called by the run loop while the workflow runs; returns a function that detaches it. */
  attach(handler: (request: ControlRequest) => ControlReply): () => void {
    this.#handler = handler;
    return () => {
      if (this.#handler === handler) this.#handler = undefined;
    };
  }

  request(request: ControlRequest): ControlReply {
    if (!this.#handler) return { ok: false, error: 'the workflow is not running' };
    return this.#handler(request);
  }
}

/** Checks an untrusted value (from the socket) is a well-formed request. */
export function parseControlRequest(value: unknown): ControlRequest | string {
  if (!value || typeof value !== 'object') return 'a request is a JSON object';
  const { action, node, values } = value as Record<string, unknown>;
  if (node !== undefined && typeof node !== 'string') return '"node" must be a string';
  if (values !== undefined && !isStringRecord(values)) return '"values" must map names to strings';
  switch (action) {
    case 'status':
    case 'stop':
    case 'terminate':
      return { action };
    case 'resume':
      return { action, ...(node !== undefined ? { node } : {}), ...(values ? { values } : {}) };
    case 'set':
      if (!values) return '"set" needs "values"';
      return { action, ...(node !== undefined ? { node } : {}), values };
    default:
      return `unknown action ${JSON.stringify(action)}`;
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
