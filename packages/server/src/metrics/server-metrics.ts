/**
 * The server's Prometheus metrics, in one registry served at `/metrics`:
 *
 *   weft_workflows{phase}                              gauge: stored workflows by phase (from the events hub)
 *   weft_steps_started_total                           counter
 *   weft_steps_finished_total{phase}                   counter
 *   weft_step_duration_seconds{phase}                  histogram
 *   weft_queue_depth                                   gauge: steps waiting for a slot
 *   weft_workflow_duration_seconds{phase}              histogram: submit to completion
 *   weft_api_request_duration_seconds{route,method,status}  histogram
 *
 * plus Node's process metrics. The controller calls the step and queue methods; the API keeps the
 * workflow gauge (see ./workflow-phases.ts) and observes requests.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface ServerMetrics {
  readonly registry: Registry;
  /** A step (Pod node) started running. */
  stepStarted(): void;
  /** A step ended in `phase` after `seconds`. */
  stepFinished(phase: string, seconds: number): void;
  /** Steps waiting to start (parallelism, locks, the runner's queue). */
  setQueueDepth(n: number): void;
  /** A workflow completed in `phase`, `seconds` after it was submitted. */
  observeSubmitToDone(phase: string, seconds: number): void;
  /** A workflow's phase as stored now; `undefined` once it is deleted. */
  setWorkflowPhase(uid: string, phase: string | undefined): void;
  /** One API request answered (or stream closed); `route` is the route's pattern. */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
}

export interface ServerMetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop). Default true. */
  readonly processMetrics?: boolean;
}

/** Phases the workflow gauge always reports (0 when none), as Argo's gauge does. */
const workflowPhases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'] as const;

const durationBuckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600];
const requestBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createServerMetrics(options: ServerMetricsOptions = {}): ServerMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const phaseOf = new Map<string, string>();
  new Gauge({
    name: 'weft_workflows',
    help: 'Stored workflows by phase',
    labelNames: ['phase'],
    registers: [registry],
    collect() {
      this.reset();
      for (const phase of workflowPhases) this.set({ phase }, 0);
      for (const phase of phaseOf.values()) this.inc({ phase });
    },
  });
  const started = counter(registry, 'weft_steps_started_total', 'Steps started', []);
  const finished = counter(registry, 'weft_steps_finished_total', 'Steps finished, by phase', ['phase']);
  const stepDuration = histogram(registry, 'weft_step_duration_seconds', 'Step run time', ['phase']);
  const workflowDuration = histogram(
    registry,
    'weft_workflow_duration_seconds',
    'Time from submission to completion of a workflow',
    ['phase'],
  );
  const requests = new Histogram({
    name: 'weft_api_request_duration_seconds',
    help: 'API request duration (streams: until closed)',
    labelNames: ['route', 'method', 'status'],
    buckets: requestBuckets,
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'weft_queue_depth',
    help: 'Steps waiting to start',
    registers: [registry],
  });
  return {
    registry,
    stepStarted: () => started.inc(),
    stepFinished(phase, seconds) {
      finished.inc({ phase });
      stepDuration.observe({ phase }, seconds);
    },
    setQueueDepth: (n) => queueDepth.set(n),
    observeSubmitToDone: (phase, seconds) => workflowDuration.observe({ phase }, seconds),
    setWorkflowPhase(uid, phase) {
      if (phase === undefined) phaseOf.delete(uid);
      else phaseOf.set(uid, phase || 'Pending');
    },
    observeRequest(route, method, status, seconds) {
      requests.observe({ route, method, status: String(status) }, seconds);
    },
  };
}

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function histogram(registry: Registry, name: string, help: string, labelNames: string[]): Histogram<string> {
  return new Histogram({ name, help, labelNames, buckets: durationBuckets, registers: [registry] });
}
