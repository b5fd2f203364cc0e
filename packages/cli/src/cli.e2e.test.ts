/**
 * End-to-end tests of the `weft` command: the real bin shim, spawned as a process.
 * They use the compiled `dist/` (`npx tsc -b` first; `npm test` does).
 * Argo's example manifests are read where they are shared, beside the repository (../shared), never copied in.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/weft.js', import.meta.url));
const dist = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const argoExamples = fileURLToPath(new URL('../../../../shared/conformance/argo-examples/', import.meta.url));
const haveArgoExamples = existsSync(argoExamples);
if (!haveArgoExamples) console.warn(`skipping the lint of Argo's examples: ${argoExamples} is missing`);

let dir = '';

function weft(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workflowYaml(name: string, command: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: ${name}
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: message
      value: default
  templates:
  - name: main
    inputs:
      parameters:
      - name: message
    container:
      image: busybox
      command: [sh, -c]
      args: ["${command}"]
`;
}

beforeAll(async () => {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npx tsc -b\` before these tests`);
  dir = await mkdtemp(join(tmpdir(), 'weft-cli-e2e-'));
  await writeFile(join(dir, 'hello.yaml'), workflowYaml('hello', 'echo {{inputs.parameters.message}}'));
  await writeFile(join(dir, 'fails.yaml'), workflowYaml('fails', 'echo about to fail; exit 3'));
  await writeFile(
    join(dir, 'bad.yaml'),
    'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: x\n spec: [\n',
  );
  await writeFile(
    join(dir, 'typo.yaml'),
    'apiVersion: argoproj.io/v1alpha1\nkind: Workfow\nmetadata: {name: x}\n',
  );
  await writeFile(join(dir, 'kind.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
  await writeFile(
    join(dir, 'api.yaml'),
    'apiVersion: argoproj.io/v2\nkind: Workflow\nmetadata: {name: x}\nspec: {entrypoint: a, templates: [{name: a}]}\n',
  );
  await writeFile(join(dir, 'two.yaml'), `${workflowYaml('one', 'true')}---\n${workflowYaml('two', 'true')}`);
});

describe('weft (end to end)', () => {
  it('exits 2 and names a file that does not exist', () => {
    const run = weft('run', 'missing.yaml');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('missing.yaml: no such file');
    const lint = weft('lint', 'missing.yaml');
    expect(lint.status).toBe(2);
    expect(lint.stdout).toContain('missing.yaml: no such file');
  });

  it('exits 2 on invalid YAML and gives the line, without a stack trace', () => {
    const result = weft('run', 'bad.yaml');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:5\b/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('notes a Kubernetes kind weft does not run without failing lint, and finds no Workflow to run', () => {
    const lint = weft('lint', 'kind.yaml');
    expect(lint.status).toBe(0);
    expect(lint.stdout).toMatch(
      /^note: kind\.yaml:2: kind: Deployment \(apps\/v1\) is not a kind weft runs/m,
    );
    const run = weft('run', 'kind.yaml');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^note: kind\.yaml:2: kind: Deployment/m);
    expect(run.stderr).toContain('no Workflow found in kind.yaml');
  });

  it('exits 2 on a wrong apiVersion', () => {
    const result = weft('lint', 'api.yaml');
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/api\.yaml:1: apiVersion: .*argoproj\.io\/v1alpha1/);
  });

  it('exits 2 when the files hold more than one Workflow', () => {
    const result = weft('run', 'two.yaml');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/found 2 Workflows/);
  });

  it('exits 0 and says so when linting a valid file', () => {
    const result = weft('lint', 'hello.yaml');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('✔ hello.yaml is valid\n');
  });

  it('lints every file and reports each on its own', () => {
    const result = weft('lint', 'hello.yaml', 'typo.yaml');
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('✔ hello.yaml is valid');
    expect(result.stdout).toMatch(/typo\.yaml:2: kind: .*"Workfow"/);
  });

  it('exits 2 with the usage on an unknown flag or command', () => {
    const flag = weft('run', 'hello.yaml', '--bogus');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/unknown flag "--bogus"[\s\S]*Usage:\n {2}weft run/);
    const command = weft('frobnicate');
    expect(command.status).toBe(2);
    expect(command.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('exits 2 on an unknown -p parameter before anything runs', () => {
    const result = weft('run', 'hello.yaml', '-p', 'mesage=hi');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/spec\.arguments\.parameters: unknown parameter "mesage"/);
    expect(result.stderr).not.toContain('Run directory');
    expect(existsSync(join(dir, '.weft-runs', 'hello'))).toBe(false);
  });

  it('exits 2 on a malformed -p', () => {
    const result = weft('run', 'hello.yaml', '-p', 'no-equals');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('must look like NAME=VALUE');
  });

  it('prints help and the version with exit 0', () => {
    expect(weft('--help').stdout).toMatch(/weft run FILE/);
    expect(weft('run', '--help').stdout).toMatch(/--parameter-file/);
    expect(weft('lint', '--help').status).toBe(0);
    expect(weft('version').stdout).toMatch(/^weft \d+\.\d+\.\d+\n$/);
  });

  it('runs a workflow to success with a parameter and prints the tree', () => {
    const result = weft('run', 'hello.yaml', '-p', 'message=hi=there');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`Run directory: ${join(dir, '.weft-runs', 'hello')}`);
    expect(result.stdout).toMatch(/Status: +Succeeded/);
    expect(result.stdout).toMatch(/✔ hello/);
  });

  it('exits 1 when the workflow fails and shows the failed step log', () => {
    const result = weft('run', 'fails.yaml', '-o', 'json');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).status.phase).toBe('Failed');
    expect(result.stderr).toContain('about to fail');
  });
});

describe.skipIf(!haveArgoExamples)("weft lint on Argo's own examples", () => {
  const example = (name: string) => join(argoExamples, name);

  it('accepts examples Argo accepts, CronWorkflows and templates included', () => {
    const files = ['hello-world.yaml', 'steps.yaml', 'dag-diamond.yaml', 'cron-workflow.yaml'].map(example);
    const result = weft('lint', ...files);
    expect(result.stdout).toBe(files.map((file) => `✔ ${file} is valid\n`).join(''));
    expect(result.status).toBe(0);
  });

  it('notes the PersistentVolumeClaim beside a workflow and still passes', () => {
    const result = weft('lint', example('testvolume.yaml'));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^note: .*testvolume\.yaml:\d+: kind: PersistentVolumeClaim/m);
  });

  it('rejects an example whose name is misplaced, as Argo does', () => {
    const result = weft('lint', example('fun-with-gifs.yaml'));
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/fun-with-gifs\.yaml:\d+: metadata\.name: .*required/);
  });
});
