/**
 * `http` templates: the engine makes the request itself (Argo's agent does; no pod), and the
 * reducer judges the response: `successCondition` evaluated with `request` and `response` in
 * scope, else Argo's default (a 2xx status). The response body is `outputs.result`, whatever the
 * outcome; a request that got no response fails the node with the reason.
 *
 *   Pending ──► Running ──(HttpRequest … HttpResponded)──► Succeeded | Failed
 */

import { decodeBase64 } from '../../expr/base64.js';
import { evaluateExpr } from '../../expr/index.js';
import type { HttpResponse } from '../engine-work.js';
import { type Exec, getNode, markRunning, setPhase, takeEngineWork } from '../nodes.js';
import { publishGlobalOutputs } from '../outputs.js';
import type { Frame } from '../state.js';

/** Argo's `http` template fields. */
export interface HttpTemplate {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: readonly {
    readonly name: string;
    readonly value?: string;
    readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
  }[];
  readonly timeoutSeconds?: number | string;
  readonly successCondition?: string;
  readonly body?: string;
  readonly bodyFrom?: { readonly bytes?: string };
  readonly insecureSkipVerify?: boolean;
}

export function startHttp(ex: Exec, frame: Frame, nodeId: string): void {
  const http = (frame.template.http ?? {}) as HttpTemplate;
  markRunning(ex, nodeId);
  const problem = requestProblem(http);
  if (problem !== undefined) {
    setPhase(ex, nodeId, 'Error', problem);
    return;
  }
  let body: string;
  try {
    body = requestBody(http);
  } catch (error) {
    setPhase(ex, nodeId, 'Error', `http template: bodyFrom.bytes: ${(error as Error).message}`);
    return;
  }
  ex.state.engineWork.set(nodeId, frame);
  const timeout = http.timeoutSeconds === undefined ? undefined : Number(http.timeoutSeconds);
  ex.commands.push({
    type: 'HttpRequest',
    nodeId,
    method: http.method || 'GET',
    url: http.url ?? '',
    headers: (http.headers ?? []).map((h) => ({ name: h.name, value: h.value ?? '' })),
    body,
    ...(timeout !== undefined && timeout > 0 ? { timeoutMs: timeout * 1000 } : {}),
    insecureSkipVerify: http.insecureSkipVerify === true,
  });
}

function requestProblem(http: HttpTemplate): string | undefined {
  if (!http.url) return 'http template: url is required';
  const secret = (http.headers ?? []).find((h) => h.valueFrom?.secretKeyRef);
  if (secret) {
    return `http template: header "${secret.name}" takes its value from a Secret (valueFrom.secretKeyRef), which weft cannot read yet`;
  }
  return undefined;
}

/** `bodyFrom.bytes` is base64 in the manifest (Go's []byte in JSON). */
function requestBody(http: HttpTemplate): string {
  if (http.bodyFrom?.bytes !== undefined) return decodeBase64(http.bodyFrom.bytes);
  return http.body ?? '';
}

/** The engine answered an `HttpRequest`. */
export function onHttpResponded(
  ex: Exec,
  nodeId: string,
  response: HttpResponse | undefined,
  error: string | undefined,
): void {
  const taken = takeEngineWork(ex, nodeId);
  if (!taken) return;
  const { frame, node } = taken;
  if (!response) {
    setPhase(ex, nodeId, 'Failed', error ?? 'http request failed');
    return;
  }
  getNode(ex, nodeId).outputs = { result: response.body };
  const verdict = judgeResponse((frame.template.http ?? {}) as HttpTemplate, response);
  if (verdict.ok) {
    publishGlobalOutputs(ex, frame.template.outputs, node.outputs);
    setPhase(ex, nodeId, 'Succeeded');
  } else {
    setPhase(ex, nodeId, 'Failed', verdict.message);
  }
}

/** Argo's agent: `successCondition` if given, else a 2xx status. */
export function judgeResponse(
  http: HttpTemplate,
  response: HttpResponse,
): { readonly ok: boolean; readonly message?: string } {
  const condition = http.successCondition;
  if (!condition) {
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return ok ? { ok } : { ok, message: `received non-2xx response code: ${response.statusCode}` };
  }
  let value: unknown;
  try {
    value = evaluateExpr(condition, conditionEnv(http, response));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (typeof value !== 'boolean')
    return { ok: false, message: `successCondition '${condition}' did not evaluate to a boolean` };
  return value ? { ok: true } : { ok: false, message: `successCondition '${condition}' evaluated false` };
}

function conditionEnv(http: HttpTemplate, response: HttpResponse): Record<string, unknown> {
  const headers: Record<string, string[]> = {};
  for (const h of http.headers ?? []) if (!h.valueFrom) headers[h.name] = [h.value ?? ''];
  return {
    request: {
      method: http.method ?? '',
      url: http.url ?? '',
      body: http.body ?? '',
      headers,
    },
    response: { statusCode: response.statusCode, body: response.body, headers: response.headers },
  };
}
