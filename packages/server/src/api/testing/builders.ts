/** Test-only: small manifests named after what they are. */

export function helloWorkflow(metadata: Record<string, unknown> = { generateName: 'hello-' }) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata,
    spec: {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { image: 'alpine', command: ['echo', 'hello'] } }],
    },
  };
}

export function helloTemplate(name: string, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: { name, ...metadata },
    spec: {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { image: 'alpine', command: ['echo', 'hello'] } }],
    },
  };
}

export function helloCron(name: string, schedule = '*/5 * * * *') {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: { name },
    spec: {
      schedules: [schedule],
      workflowSpec: {
        entrypoint: 'main',
        templates: [{ name: 'main', container: { image: 'alpine', command: ['echo', 'hello'] } }],
      },
    },
  };
}

export function podNode(id: string, phase = 'Succeeded', extra: Record<string, unknown> = {}) {
  return { id, name: id, displayName: id, type: 'Pod' as const, phase: phase as 'Succeeded', ...extra };
}
