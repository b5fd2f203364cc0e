/**
 * The one list of acceptance cases weft does not run yet, each with the reason. Everything else
 * in the acceptance set must end in its expected phase.
 */
export const skippedCases: Readonly<Record<string, string>> = {
  'workflow-level-executor-plugin.yaml#0':
    'executor plugins run as sidecar HTTP servers installed in a cluster; weft has no plugin runtime yet',
};
