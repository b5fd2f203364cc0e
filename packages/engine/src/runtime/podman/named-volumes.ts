import { podmanError, runPodman } from './command.js';
import { labels } from './names.js';

/** Named podman volumes (persistentVolumeClaims), created on first use; their host directories are cached. */
export class NamedVolumes {
  readonly #binary: string;
  readonly #mountpoints = new Map<string, Promise<string>>();
  /** Per-workflow volumes (volumeClaimTemplates) by "namespace/workflow". */
  readonly #perWorkflow = new Map<string, Set<string>>();

  constructor(binary: string) {
    this.#binary = binary;
  }

  /** The volume's directory on this machine, creating the volume when it does not exist. */
  mountpoint(volume: string, workflowKey?: string): Promise<string> {
    if (workflowKey !== undefined) {
      const set = this.#perWorkflow.get(workflowKey) ?? new Set<string>();
      set.add(volume);
      this.#perWorkflow.set(workflowKey, set);
    }
    const known = this.#mountpoints.get(volume);
    if (known) return known;
    const found = this.#find(volume, workflowKey);
    this.#mountpoints.set(volume, found);
    found.catch(() => this.#mountpoints.delete(volume));
    return found;
  }

  async #find(volume: string, workflowKey: string | undefined): Promise<string> {
    const inspect = () =>
      runPodman(this.#binary, ['volume', 'inspect', '--format', '{{.Mountpoint}}', volume]);
    let result = await inspect();
    if (result.code !== 0) {
      const args = ['volume', 'create', '--label', `${labels.managed}=true`];
      if (workflowKey !== undefined) args.push('--label', `${labels.workflow}=${workflowKey}`);
      const created = await runPodman(this.#binary, [...args, volume]);
      if (created.code !== 0 && !/already exists/i.test(created.stderr))
        throw new Error(`creating volume ${volume}: ${podmanError(created.stderr)}`);
      result = await inspect();
    }
    if (result.code !== 0) throw new Error(`volume ${volume}: ${podmanError(result.stderr)}`);
    return result.stdout.trim();
  }

  /** Removes the volumes of `volumeClaimTemplates` of one workflow ("namespace/workflow"). */
  async removeWorkflow(workflowKey: string): Promise<void> {
    const volumes = [...(this.#perWorkflow.get(workflowKey) ?? [])];
    this.#perWorkflow.delete(workflowKey);
    for (const volume of volumes) this.#mountpoints.delete(volume);
    if (volumes.length > 0) await runPodman(this.#binary, ['volume', 'rm', '--force', ...volumes]);
  }

  /** Removes every per-workflow volume this object created. */
  async removeAllWorkflows(): Promise<void> {
    await Promise.all([...this.#perWorkflow.keys()].map((key) => this.removeWorkflow(key)));
  }
}
