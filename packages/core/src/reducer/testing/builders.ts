/**
 * Small builders for reducer tests: Argo objects from a few words, and a `Harness` that plays the
 * engine (creates the state, sends events, records commands, exits started steps, owns a fake
 * clock and fires due timers). Pure TypeScript with no Node or vitest imports, so it compiles
 * under core's tsconfig.
 *
 * @example
 *   const h = Harness.start(workflow({ templates: [steps('main', [[step('a', 'hello')]]), container('hello')] }));
 *   h.succeed('a');
 *   h.phase; // 'Succeeded'
 */
import type {
  Arguments,
  ConfigMap,
  DagTask,
  NodeStatus,
  Parameter,
  Template,
  Workflow,
  WorkflowSpec,
  WorkflowStep,
  WorkflowTemplate,
} from '../../spec/types.js';
import { advance } from '../advance.js';
import { createWorkflowState } from '../create.js';
import type { StepOutcome, WorkflowCommand, WorkflowEvent } from '../events.js';
import type { WorkflowState } from '../state.js';
import type { LockManager } from '../sync/lock-manager.js';
import type { MemoEntry } from '../sync/sync-events.js';
import { toWorkflowObject } from '../view.js';

/** 2024-01-02T03:04:05Z: a fixed start so timestamps in tests are readable. */
export const T0 = Date.UTC(2024, 0, 2, 3, 4, 5);

type StartStep = Extract<WorkflowCommand, { type: 'StartStep' }>;

// ---------------------------------------------------------------------------------------------
// Argo objects

export interface WorkflowOptions extends Partial<WorkflowSpec> {
  readonly name?: string;
  readonly templates: Template[];
  /** Shorthand for `spec.arguments.parameters`. */
  readonly parameters?: Record<string, string | Omit<Parameter, 'name'>>;
  readonly labels?: Record<string, string>;
}

/** A Workflow named `wf` (unless named) whose entrypoint is its first template. */
export function workflow(options: WorkflowOptions): Workflow {
  const { name = 'wf', templates, parameters, labels, ...spec } = options;
  const built: WorkflowSpec = { entrypoint: templates[0]?.name, ...spec, templates };
  if (parameters) built.arguments = { ...built.arguments, parameters: parameterList(parameters) };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: built,
  };
}

export function workflowTemplate(name: string, templates: Template[], cluster = false): WorkflowTemplate {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate',
    metadata: { name },
    spec: { templates },
  };
}

export function configMap(name: string, data: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

export interface LeafOptions extends Partial<Omit<Template, 'inputs' | 'outputs'>> {
  readonly args?: string[];
  /** Input parameter names, or full declarations. */
  readonly inputs?: Template['inputs'] | readonly (string | Parameter)[];
  /** Output parameter names (read from `/tmp/<name>`), or full outputs. */
  readonly outputs?: Template['outputs'] | readonly string[];
}

function leafParts(options: LeafOptions): { rest: Partial<Template>; args: string[] } {
  const { args = ['true'], inputs, outputs, ...rest } = options;
  const out: Partial<Template> = { ...rest };
  if (inputs) out.inputs = isList(inputs) ? { parameters: inputs.map(asParameter) } : inputs;
  if (outputs)
    out.outputs = isList(outputs)
      ? { parameters: outputs.map((n) => ({ name: n, valueFrom: { path: `/tmp/${n}` } })) }
      : outputs;
  return { rest: out, args };
}

/** A container template running `sh -c <args>` in alpine. */
export function container(name: string, options: LeafOptions = {}): Template {
  const { rest, args } = leafParts(options);
  return { name, container: { image: 'alpine:3', command: ['sh', '-c'], args }, ...rest };
}

/** A script template with `source`. */
export function script(name: string, source: string, options: LeafOptions = {}): Template {
  const { rest } = leafParts(options);
  return { name, script: { image: 'python:3', command: ['python'], source }, ...rest };
}

/** A steps template: groups run in order, the steps of a group in parallel. */
export function steps(name: string, groups: WorkflowStep[][], options: LeafOptions = {}): Template {
  const { rest } = leafParts(options);
  return { name, steps: groups, ...rest };
}

/** A dag template. */
export function dag(
  name: string,
  tasks: DagTask[],
  options: LeafOptions & { target?: string; failFast?: boolean } = {},
): Template {
  const { target, failFast, ...others } = options;
  const { rest } = leafParts(others);
  const body: Template['dag'] = { tasks };
  if (target !== undefined) body.target = target;
  if (failFast !== undefined) body.failFast = failFast;
  return { name, dag: body, ...rest };
}

export function suspend(name: string, duration?: string | number, options: LeafOptions = {}): Template {
  const { rest } = leafParts(options);
  return { name, suspend: duration === undefined ? {} : { duration }, ...rest };
}

export interface InvocationOptions extends Partial<Omit<WorkflowStep, 'arguments'>> {
  /** Parameter arguments by name, or full Arguments. */
  readonly arguments?: Record<string, string> | Arguments;
}

function invocation(name: string, template: string, options: InvocationOptions): WorkflowStep {
  const { arguments: given, ...rest } = options;
  const out: WorkflowStep = { name, template, ...rest };
  if (given) out.arguments = isArguments(given) ? given : { parameters: parameterList(given) };
  return out;
}

/** A step of a steps template. */
export function step(name: string, template: string, options: InvocationOptions = {}): WorkflowStep {
  return invocation(name, template, options);
}

/** A dag task; `depends` is a shorthand option too. */
export function task(
  name: string,
  template: string,
  options: InvocationOptions & { depends?: string; dependencies?: string[] } = {},
): DagTask {
  return invocation(name, template, options) as DagTask;
}

function isArguments(value: Record<string, string> | Arguments): value is Arguments {
  return Array.isArray((value as Arguments).parameters) || Array.isArray((value as Arguments).artifacts);
}

function isList<T>(value: object): value is readonly T[] {
  return Array.isArray(value);
}

function asParameter(value: string | Parameter): Parameter {
  return typeof value === 'string' ? { name: value } : value;
}

function parameterList(values: Record<string, string | Omit<Parameter, 'name'>>): Parameter[] {
  return Object.entries(values).map(([name, value]) =>
    typeof value === 'string' ? { name, value } : { name, ...value },
  );
}

// ---------------------------------------------------------------------------------------------
// The harness

export interface HarnessOptions {
  readonly templates?: readonly WorkflowTemplate[];
  readonly configMaps?: readonly ConfigMap[];
  readonly parameters?: readonly { readonly name: string; readonly value: string }[];
  readonly now?: number;
  /** Answer `LookupMemo` from `memo` at once (default true); false leaves them in `memoLookups`. */
  readonly answerMemo?: boolean;
  /** A lock manager shared with other harnesses (several workflows, one process). */
  readonly lockManager?: LockManager;
}

export interface ExitOptions {
  readonly exitCode?: number | null;
  readonly stdout?: string;
  readonly parameters?: Record<string, string>;
  readonly error?: string;
  readonly artifacts?: readonly {
    readonly name: string;
    readonly key?: string;
    readonly location?: Readonly<Record<string, unknown>>;
  }[];
}

/** Plays the engine around the reducer. Every command ever returned is kept in `commands`. */
export class Harness {
  readonly state: WorkflowState;
  now: number;
  readonly commands: WorkflowCommand[] = [];
  /** Pods started and not yet exited, by node id, in start order. */
  readonly running = new Map<string, StartStep>();
  /** Every StartStep, in order. */
  readonly started: StartStep[] = [];
  /** Timers asked for and not yet fired, by id. */
  readonly timers = new Map<string, number>();
  completedPhase?: string;
  /** The memo cache the harness answers from and saves to, by `<cacheName>/<key>`. */
  readonly memo = new Map<string, MemoEntry>();
  /** Lookups not answered yet (all of them when `answerMemo` is false). */
  readonly memoLookups: Extract<WorkflowCommand, { type: 'LookupMemo' }>[] = [];
  private readonly answerMemo: boolean;

  constructor(wf: Workflow, options: HarnessOptions = {}) {
    this.now = options.now ?? T0;
    this.answerMemo = options.answerMemo ?? true;
    const created = createWorkflowState({
      workflow: wf,
      templates: options.templates ?? [],
      configMaps: options.configMaps ?? [],
      parameters: options.parameters,
      generatedName: 'wf-generated',
      uid: 'uid-1',
      now: this.now,
      lockManager: options.lockManager,
    });
    if (!created.state)
      throw new Error(`createWorkflowState: ${created.issues.map((i) => i.message).join('; ')}`);
    this.state = created.state;
  }

  /** Creates the state and sends WorkflowStarted. */
  static start(wf: Workflow, options: HarnessOptions = {}): Harness {
    const h = new Harness(wf, options);
    h.send({ type: 'WorkflowStarted' });
    return h;
  }

  /** Advances the reducer with one event at the current time; returns the commands it produced. */
  send(event: WorkflowEvent): readonly WorkflowCommand[] {
    const { commands } = advance(this.state, event, { now: this.now });
    for (const command of commands) this.record(command);
    while (this.answerMemo && this.memoLookups.length > 0) this.answerMemoLookup();
    return commands;
  }

  /** Answers the oldest memo lookup from `memo` (or with `answer` when given). */
  answerMemoLookup(answer?: { entry?: MemoEntry; error?: string }): readonly WorkflowCommand[] {
    const lookup = this.memoLookups.shift();
    if (!lookup) throw new Error('no memo lookup is waiting');
    const entry = answer ? answer.entry : this.memo.get(`${lookup.cacheName}/${lookup.key}`);
    const error = answer?.error;
    return this.send({
      type: 'MemoLookedUp',
      nodeId: lookup.nodeId,
      ...(entry ? { entry } : {}),
      ...(error !== undefined ? { error } : {}),
    });
  }

  private record(command: WorkflowCommand): void {
    this.commands.push(command);
    switch (command.type) {
      case 'StartStep':
        this.running.set(command.nodeId, command);
        this.started.push(command);
        break;
      case 'SetTimer':
        this.timers.set(command.timerId, command.at);
        break;
      case 'WorkflowCompleted':
        this.completedPhase = command.phase;
        break;
      case 'LookupMemo':
        this.memoLookups.push(command);
        break;
      case 'SaveMemo':
        this.memo.set(`${command.cacheName}/${command.key}`, command.entry);
        break;
      default:
        break;
    }
  }

  /** The node with this exact name, else the only node with this display name. */
  node(name: string): NodeStatus {
    const byName = [...this.state.nodes.values()].find((n) => n.name === name);
    if (byName) return byName;
    const matches = [...this.state.nodes.values()].filter((n) => n.displayName === name);
    if (matches.length !== 1)
      throw new Error(
        `expected one node named "${name}", found ${matches.length}: ${this.nodeNames().join(', ')}`,
      );
    return matches[0] as NodeStatus;
  }

  has(name: string): boolean {
    return [...this.state.nodes.values()].some((n) => n.name === name || n.displayName === name);
  }

  nodeNames(): string[] {
    return [...this.state.nodes.values()].map((n) => n.name);
  }

  /** Display names of the pods running now, in start order. */
  runningNames(): string[] {
    return [...this.running.keys()].map((id) => this.state.nodes.get(id)?.displayName ?? id);
  }

  /** Display names of every pod started so far, in start order. */
  startedNames(): string[] {
    return this.started.map((c) => this.state.nodes.get(c.nodeId)?.displayName ?? c.nodeId);
  }

  /** The StartStep of the running pod with this (display) name. */
  startStep(name: string): StartStep {
    const id = this.node(name).id;
    const found = this.started.find((c) => c.nodeId === id);
    if (!found) throw new Error(`node "${name}" was never started`);
    return found;
  }

  /** The pod of a running step exits. */
  exit(name: string, options: ExitOptions = {}): readonly WorkflowCommand[] {
    const id = this.running.has(name) ? name : this.node(name).id;
    return this.exitId(id, options);
  }

  exitId(id: string, options: ExitOptions = {}): readonly WorkflowCommand[] {
    if (!this.running.has(id))
      throw new Error(`node ${id} is not running: ${this.runningNames().join(', ')}`);
    this.running.delete(id);
    const result: StepOutcome = {
      exitCode: options.exitCode === undefined ? 0 : options.exitCode,
      stdout: options.stdout ?? '',
      parameters: options.parameters ?? {},
      artifacts: options.artifacts ?? [],
      ...(options.error !== undefined ? { error: options.error } : {}),
    };
    return this.send({ type: 'StepExited', nodeId: id, result });
  }

  succeed(name: string, stdout = '', parameters: Record<string, string> = {}): readonly WorkflowCommand[] {
    return this.exit(name, { exitCode: 0, stdout, parameters });
  }

  fail(name: string, exitCode = 1): readonly WorkflowCommand[] {
    return this.exit(name, { exitCode });
  }

  /** Exits every running pod (and those they start) with `outcome(node)` until none runs. */
  drain(outcome: (node: NodeStatus) => ExitOptions = () => ({})): void {
    for (let next = this.running.keys().next(); !next.done; next = this.running.keys().next()) {
      const id = next.value;
      this.exitId(id, outcome(this.state.nodes.get(id) as NodeStatus));
    }
  }

  /** Moves the fake clock forward and fires the timers now due, earliest first. */
  tick(ms: number): readonly WorkflowCommand[] {
    this.now += ms;
    const out: WorkflowCommand[] = [];
    for (;;) {
      const due = [...this.timers].filter(([, at]) => at <= this.now).sort((a, b) => a[1] - b[1])[0];
      if (!due) return out;
      this.timers.delete(due[0]);
      out.push(...this.send({ type: 'TimerFired', timerId: due[0] }));
    }
  }

  stop(mode: 'stop' | 'terminate' = 'stop'): readonly WorkflowCommand[] {
    return this.send({ type: 'StopRequested', mode });
  }

  resume(nodeFilter?: string): readonly WorkflowCommand[] {
    return this.send({ type: 'ResumeRequested', ...(nodeFilter ? { nodeFilter } : {}) });
  }

  get phase(): string {
    return this.state.phase;
  }

  /** Argo's Workflow object with `status.nodes`. */
  get object(): Workflow {
    return toWorkflowObject(this.state);
  }

  /** The output parameter `name` of a node. */
  output(node: string, name: string): string | undefined {
    const value = this.node(node).outputs?.parameters?.find((p) => p.name === name)?.value;
    return value === undefined ? undefined : String(value);
  }

  /** The main container's args of a started step, joined by spaces. */
  args(name: string): string {
    return (this.startStep(name).pod.spec.containers[0]?.args ?? []).join(' ');
  }

  commandsOf<K extends WorkflowCommand['type']>(type: K): Extract<WorkflowCommand, { type: K }>[] {
    return this.commands.filter((c): c is Extract<WorkflowCommand, { type: K }> => c.type === type);
  }
}
