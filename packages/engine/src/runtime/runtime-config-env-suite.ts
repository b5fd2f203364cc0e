import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createHarness,
  type MakeRuntime,
  type RuntimeHarness,
  shell,
  stepRequest,
} from './runtime-suite-fixtures.js';
import type { StartStepRequest } from './types.js';

const configMapData = { settings: { mode: 'fast lane', level: 'debug', retries: '3' } };

/** A one-container step whose container gets `extra` (env, envFrom), with the suite's ConfigMaps. */
function step(script: string, extra: Record<string, unknown>): StartStepRequest {
  const request = stepRequest({ containers: [shell('main', script, extra as never)] });
  const metadata = { ...request.pod.metadata, annotations: { 'team.example/owner': 'data-eng' } };
  return { ...request, pod: { ...request.pod, metadata }, configMapData };
}

const keyRef = (name: string, key: string, optional?: boolean) => ({
  env: [{ name: 'X', valueFrom: { configMapKeyRef: { name, key, ...(optional ? { optional } : {}) } } }],
});

/**
 * How every Runtime builds a container's variables from ConfigMaps (the request's
 * `configMapData`) and from the pod's own fields: `runtimeConfigEnvSuite(() => createHostRuntime(...))`.
 */
export function runtimeConfigEnvSuite(makeRuntime: MakeRuntime) {
  let harness: RuntimeHarness;
  beforeAll(async () => {
    harness = await createHarness(makeRuntime);
  });
  afterAll(() => harness.runtime.close());

  it('gives a step configMapKeyRef variables and envFrom configMapRef keys after their prefix', async () => {
    const result = await harness.run(
      step('echo "$MODE|$CFG_retries|$CFG_level|$OVERRIDE"; env | grep -c "^CFG_"', {
        envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }],
        env: [
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
          { name: 'CFG_retries', value: 'from-env-wins' },
          { name: 'OVERRIDE', value: '$(MODE)!' },
        ],
      }),
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: 'fast lane|from-env-wins|debug|fast lane!\n3\n' });
  });

  it('gives a step its pod name, namespace, label, annotation and IP through fieldRef', async () => {
    const field = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
    const request = step('echo "$NAME $NS $WF $OWNER $IP [$NONE]"', {
      env: [
        field('NAME', 'metadata.name'),
        field('NS', 'metadata.namespace'),
        field('WF', "metadata.labels['workflows.argoproj.io/workflow']"),
        field('OWNER', "metadata.annotations['team.example/owner']"),
        field('IP', 'status.podIP'),
        field('NONE', "metadata.labels['absent']"),
      ],
    });
    const result = await harness.run(request);
    const label = request.pod.metadata.labels?.['workflows.argoproj.io/workflow'];
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: `${request.pod.metadata.name} default ${label} data-eng 127.0.0.1 []\n`,
    });
  });

  it('skips optional ConfigMaps and keys that are missing', async () => {
    const result = await harness.run(
      step('echo "[$X][$Y]"; env | grep -c "^OPT_" || true', {
        envFrom: [{ prefix: 'OPT_', configMapRef: { name: 'absent', optional: true } }],
        env: [
          ...keyRef('absent', 'k', true).env,
          { name: 'Y', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nokey', optional: true } } },
        ],
      }),
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: '[][]\n0\n' });
  });

  it('does not start a step whose ConfigMap or key is missing and not optional, naming it', async () => {
    const missingMap = await harness.run(step('echo ran', keyRef('absent', 'k')));
    expect(missingMap.exitCode).toBeNull();
    expect(missingMap.stdout).toBe('');
    expect(missingMap.error).toMatch(/CreateContainerConfigError: .*configmap "absent" not found/);
    const missingKey = await harness.run(step('echo ran', keyRef('settings', 'nokey')));
    expect(missingKey.error).toMatch(/couldn't find key nokey in ConfigMap default\/settings/);
    const missingFrom = await harness.run(
      step('echo ran', { envFrom: [{ configMapRef: { name: 'gone' } }] }),
    );
    expect(missingFrom.error).toMatch(/configmap "gone" not found/);
  });

  it('does not start a step whose fieldRef names a field it cannot give, naming it', async () => {
    const result = await harness.run(
      step('echo ran', { env: [{ name: 'F', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] }),
    );
    expect(result.exitCode).toBeNull();
    expect(result.error).toMatch(/env "F": unsupported fieldRef fieldPath "spec.bogus"/);
  });
}
