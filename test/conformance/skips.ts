/**
 * The one list of acceptance cases weft does not run yet, each with the reason. Everything else
 * in the acceptance set must end in its expected phase.
 */
export const skippedCases: Readonly<Record<string, string>> = {
  'intermediate-parameters.yaml#0':
    'waits on an indefinite suspend that a user resumes from another terminal (`weft resume`, scheduled with suspend/resume semantics)',
  'suspend-template.yaml#0':
    'waits on an indefinite suspend that a user resumes from another terminal (`weft resume`, scheduled with suspend/resume semantics)',
  'suspend-template-outputs.yaml#0':
    'needs `node set -p message=…` then a resume from another terminal (scheduled with suspend/resume semantics)',
  'workflow-level-executor-plugin.yaml#0':
    'executor plugins run as sidecar HTTP servers installed in a cluster; weft has no plugin runtime yet',
};
