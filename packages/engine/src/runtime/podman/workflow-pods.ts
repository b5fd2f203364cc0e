import { podmanError, runPodman } from './command.js';
import { labels, workflowPodName } from './names.js';

/**
 * One podman pod per workflow, with no network but its own loopback: every step of the workflow
 * joins it (`--pod`), so daemons and sidecars are reachable from later steps at 127.0.0.1 (the
 * `{{steps.X.ip}}` core gives them) while nothing reaches outside. Created on first use.
 */
export class WorkflowPods {
  readonly #binary: string;
  readonly #pods = new Map<string, Promise<string>>();

  constructor(binary: string) {
    this.#binary = binary;
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

  /** Takes over the pod of a workflow whose steps were re-attached after a restart. */
  adopt(namespace: string, workflow: string): void {
    const name = workflowPodName(namespace, workflow);
    if (!this.#pods.has(name)) this.#pods.set(name, Promise.resolve(name));
  }

  /** Removes the workflow's pod (and any container still in it). */
  async remove(namespace: string, workflow: string): Promise<void> {
    const name = workflowPodName(namespace, workflow);
    this.#pods.delete(name);
    await runPodman(this.#binary, ['pod', 'rm', '--force', '--ignore', name]);
  }

  /** Removes every pod this object created. */
  async removeAll(): Promise<void> {
    const names = [...this.#pods.keys()];
    this.#pods.clear();
    if (names.length > 0) await runPodman(this.#binary, ['pod', 'rm', '--force', '--ignore', ...names]);
  }
}
