import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createHarness,
  type MakeRuntime,
  type RuntimeHarness,
  shell,
  stepRequest,
} from './runtime-suite-fixtures.js';
import type { StartStepRequest } from './types.js';

const password = 'pa$$ w0rd/"quoted"&more';
const secretData = { creds: { password, user: 'robot-user' }, tls: { 'tls.key': 'KEY-MATERIAL-123' } };

function withSecrets(request: StartStepRequest): StartStepRequest {
  return { ...request, secretData };
}

/**
 * How every Runtime hands a step the Secrets of its request (`secretData`) and keeps their values
 * out of what the step leaves behind: `runtimeSecretsSuite(() => createHostRuntime(...))`.
 */
export function runtimeSecretsSuite(makeRuntime: MakeRuntime) {
  let harness: RuntimeHarness;
  beforeAll(async () => {
    harness = await createHarness(makeRuntime);
  });
  afterAll(() => harness.runtime.close());

  it('gives a step secretKeyRef and envFrom variables and secret volume files with their modes', async () => {
    const script = [
      'test "$PASSWORD" = \'pa$$ w0rd/"quoted"&more\' && echo env-ok',
      'test "$APP_user" = robot-user && echo envfrom-ok',
      'test "$(cat /etc/tls/key.pem)" = KEY-MATERIAL-123 && echo volume-ok',
      'stat -c %a /etc/tls/key.pem',
    ].join('; ');
    const request = withSecrets(
      stepRequest({
        containers: [
          shell('main', script, {
            env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
            envFrom: [{ prefix: 'APP_', secretRef: { name: 'creds' } }],
            volumeMounts: [{ name: 'tls', mountPath: '/etc/tls' }],
          } as never),
        ],
        volumes: [
          {
            name: 'tls',
            secret: { secretName: 'tls', items: [{ key: 'tls.key', path: 'key.pem', mode: 0o400 }] },
          },
        ],
      }),
    );
    const result = await harness.run(request);
    expect(result.stdout).toBe('env-ok\nenvfrom-ok\nvolume-ok\n400\n');
    expect(existsSync(join(request.stepDir, 'secrets')), 'secret files removed after the step').toBe(false);
  });

  it('redacts secret values from the stored log, stdout, output parameters and errors', async () => {
    const request = withSecrets(
      stepRequest({
        containers: [
          shell(
            'main',
            'echo "plain $P"; printf %s "$P" | base64; echo "$P" >&2; printf %s "$P" > /tmp/out; echo KEY-MATERIAL-123',
            {
              env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
            } as never,
          ),
        ],
        outputParameters: [{ name: 'leak', path: '/tmp/out' }],
      }),
    );
    const result = await harness.run(request);
    const log = readFileSync(join(request.stepDir, 'logs', 'main.log'), 'utf8');
    const base64 = Buffer.from(password).toString('base64');
    for (const text of [log, result.stdout, JSON.stringify(result.parameters)]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(base64);
      expect(text).not.toContain('KEY-MATERIAL-123');
    }
    expect(result.stdout).toBe('plain [redacted]\n[redacted]\n[redacted]\n');
    expect(log).toMatch(/stderr F \[redacted\]\n/);
    expect(result.parameters.leak).toBe('[redacted]');
  });

  it('does not start a step whose Secret or key is missing, naming it; optional ones are skipped', async () => {
    const ref = (name: string, key: string, optional?: boolean) => ({
      env: [{ name: 'X', valueFrom: { secretKeyRef: { name, key, ...(optional ? { optional } : {}) } } }],
    });
    const missing = await harness.run(
      withSecrets(stepRequest({ containers: [shell('main', 'echo ran', ref('nope', 'k') as never)] })),
    );
    expect(missing.exitCode).toBeNull();
    expect(missing.error).toMatch(/secret "nope" not found/);
    const missingKey = await harness.run(
      withSecrets(stepRequest({ containers: [shell('main', 'echo ran', ref('creds', 'nokey') as never)] })),
    );
    expect(missingKey.error).toMatch(/couldn't find key nokey in Secret default\/creds/);
    const optional = await harness.run(
      withSecrets(
        stepRequest({ containers: [shell('main', 'echo "ran:$X"', ref('nope', 'k', true) as never)] }),
      ),
    );
    expect(optional).toMatchObject({ exitCode: 0, stdout: 'ran:\n' });
    const volume = await harness.run(
      withSecrets(
        stepRequest({
          containers: [shell('main', 'echo ran')],
          volumes: [{ name: 'v', secret: { secretName: 'absent' } }],
        }),
      ),
    );
    expect(volume.error).toMatch(/volume "v": secret "absent" not found/);
  });
}
