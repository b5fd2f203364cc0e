import type { PodManifest } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { containerMounts, hostPathOf, planVolumes } from './volumes.js';

function podWith(volumes: Record<string, unknown>[], annotations: Record<string, string> = {}): PodManifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', labels: { 'workflows.argoproj.io/workflow': 'wf' }, annotations },
    spec: { containers: [], volumes },
  };
}

describe('podman volumes', () => {
  it('maps emptyDir to the step directory, claims to named volumes and volumeClaimTemplates to per-workflow ones', () => {
    const pod = podWith(
      [
        { name: 'scratch', emptyDir: {} },
        { name: 'data', persistentVolumeClaim: { claimName: 'shared' } },
        { name: 'work', persistentVolumeClaim: { claimName: 'work' } },
        { name: 'host', hostPath: { path: '/srv/x', type: 'DirectoryOrCreate' } },
      ],
      { 'weft.dev/workflow-volumes': 'work' },
    );
    const sources = planVolumes({ stepDir: '/steps/s', pod });
    expect(sources).toBeInstanceOf(Map);
    const map = sources as Map<string, unknown>;
    expect(map.get('scratch')).toEqual({ kind: 'dir', path: '/steps/s/volumes/scratch', create: true });
    expect(map.get('data')).toEqual({ kind: 'named', volume: 'weft-ns-pvc-shared', perWorkflow: false });
    expect(map.get('work')).toEqual({ kind: 'named', volume: 'weft-ns-wf-vct-work', perWorkflow: true });
    expect(map.get('host')).toEqual({ kind: 'dir', path: '/srv/x', create: true });
  });

  it('fills configMap volumes from the objects given and names a missing one', () => {
    const pod = podWith([
      { name: 'cfg', configMap: { name: 'settings', items: [{ key: 'a', path: 'dir/a.txt' }] } },
    ]);
    const objects = (kind: string, _ns: string, name: string) =>
      kind === 'ConfigMap' && name === 'settings' ? { a: 'A', b: 'B' } : undefined;
    const sources = planVolumes({ stepDir: '/steps/s', pod, objects }) as Map<string, unknown>;
    expect(sources.get('cfg')).toMatchObject({ kind: 'files', files: { 'dir/a.txt': 'A' } });
    const missing = planVolumes({
      stepDir: '/s',
      pod: podWith([{ name: 'cfg', configMap: { name: 'nope' } }]),
    });
    expect(missing).toBe('volume "cfg": ConfigMap "nope" not found');
  });

  it('refuses a kind of volume it cannot serve, naming the volume', () => {
    expect(planVolumes({ stepDir: '/s', pod: podWith([{ name: 'api', downwardAPI: {} }]) })).toMatch(
      /^volume "api": this kind of volume is not supported/,
    );
  });

  it('finds the host path behind a container path through the deepest mount, subPath included', () => {
    const sources = planVolumes({ stepDir: '/s', pod: podWith([{ name: 'v', emptyDir: {} }]) }) as Map<
      string,
      never
    >;
    const mounts = containerMounts(
      {
        name: 'main',
        volumeMounts: [
          { name: 'v', mountPath: '/mnt' },
          { name: 'v', mountPath: '/mnt/deep', subPath: 'sub' },
        ],
      },
      sources,
      (volume) => volume,
    );
    expect(Array.isArray(mounts)).toBe(true);
    const list = mounts as { host: string; target: string; readOnly: boolean }[];
    expect(hostPathOf('/mnt/a.txt', list)).toBe('/s/volumes/v/a.txt');
    expect(hostPathOf('/mnt/deep/b', list)).toBe('/s/volumes/v/sub/b');
    expect(hostPathOf('/mntx/b', list)).toBeUndefined();
    expect(
      containerMounts({ name: 'main', volumeMounts: [{ name: 'x', mountPath: '/x' }] }, sources, (v) => v),
    ).toMatch(/volumeMount "x" names no volume/);
  });
});
