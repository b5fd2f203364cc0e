import { daemonAnnotation } from '@weft/core';
import type { StartStepRequest } from '../types.js';
import { podmanError, runPodman } from './command.js';
import { labels, workflowPodName } from './names.js';
import { networkOf } from './prepare.js';
import type { NetworkPlacement } from './run-args.js';

/**
 * Where steps get their network. A step runs in containers of its own with no network
 * (`--network none`, the cheapest start), unless its containers must share a loopback with others:
 * then they join its workflow's podman pod, which has no network but its own loopback, so they
 * reach each other at 127.0.0.1 (the `{{steps.X.ip}}` core gives) while nothing reaches outside.
 * That is a daemon step, every later step of a workflow one of whose daemons started here, and a
 * step with sidecars or several containers. A step annotated `weft.dev/network` runs on that network.
 */
export class WorkflowPods {
  readonly #binary: string;
  readonly #pods = new Map<string, Promise<string>>();
  /** Workflows (namespace/name) one of whose daemons started here. */
  readonly #withDaemons = new Set<string>();

  constructor(binary: string) {
    this.#binary = binary;
  }

  /** The network of the step's containers (creates the workflow's pod when they join it). */
  async placement(request: StartStepRequest): Promise<NetworkPlacement> {
    const network = networkOf(request);
    if (network !== 'none') return { network };
    const { namespace, workflow } = workflowOf(request);
    const key = `${namespace}/${workflow}`;
    if (request.pod.metadata.annotations?.[daemonAnnotation] === 'true') this.#withDaemons.add(key);
    const shared = this.#withDaemons.has(key) || request.pod.spec.containers.length > 1;
    if (!shared) return { network: 'none' };
    return { pod: await this.ensure(namespace, workflow) };
  }

  /** Resolves the pod's name once it exists; rejects with podman's error. */
  ensure(namespace: string, workflow: string): Promise<string> {
    const name = workflowPodName(namespace, workflow);
    const known = this.#pods.get(name);
    if (known) return known;
    const created = this.#create(name, namespace, workflow);
    this.#pods.set(name, created);
    created.catch(() => this.#pods.delete(name));
    return created;
  }

  async #create(name: string, namespace: string, workflow: string): Promise<string> {
    // The infra container is named after the pod; a hostname may have at most 63 characters.
    const hostname = name
      .slice(0, 63)
      .replace(/[^a-zA-Z0-9-]/g, '-')
      .replace(/-+$/, '');
    const args = [
      'pod',
      'create',
      '--name',
      name,
      '--hostname',
      hostname,
      '--network',
      'none',
      '--share',
      'net',
    ];
    args.push('--label', `${labels.managed}=true`, '--label', `${labels.workflow}=${namespace}/${workflow}`);
    const result = await runPodman(this.#binary, args);
    if (result.code === 0 || /already exists/i.test(result.stderr)) return name;
    throw new Error(`creating pod ${name}: ${podmanError(result.stderr)}`);
  }

  /** Takes over the pod of a step re-attached after a restart (and notes its workflow's daemons). */
  adopt(request: StartStepRequest): void {
    const { namespace, workflow } = workflowOf(request);
    if (request.pod.metadata.annotations?.[daemonAnnotation] === 'true')
      this.#withDaemons.add(`${namespace}/${workflow}`);
    const name = workflowPodName(namespace, workflow);
    if (!this.#pods.has(name)) this.#pods.set(name, Promise.resolve(name));
  }

  /** Removes the workflow's pod (and any container still in it). */
  async remove(namespace: string, workflow: string): Promise<void> {
    const name = workflowPodName(namespace, workflow);
    this.#pods.delete(name);
    this.#withDaemons.delete(`${namespace}/${workflow}`);
    await runPodman(this.#binary, ['pod', 'rm', '--force', '--ignore', name]);
  }

  /** Removes every pod this object created. */
  async removeAll(): Promise<void> {
    const names = [...this.#pods.keys()];
    this.#pods.clear();
    if (names.length > 0) await runPodman(this.#binary, ['pod', 'rm', '--force', '--ignore', ...names]);
  }
}

function workflowOf(request: StartStepRequest): { namespace: string; workflow: string } {
  const namespace = request.pod.metadata.namespace ?? 'default';
  return {
    namespace,
    workflow: request.pod.metadata.labels?.['workflows.argoproj.io/workflow'] ?? request.id,
  };
}
