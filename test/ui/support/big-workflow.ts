/**
 * A finished workflow with `items` fan-out steps, in argo-server's JSON shape, for measuring the
 * run page on huge runs without running thousands of real steps:
 *
 *   big (DAG) ─► prepare ─► work(0:0) … work(n-1:n-1) ─► report      every 97th item failed
 */
interface Node {
  id: string;
  name: string;
  displayName: string;
  type: string;
  templateName: string;
  phase: string;
  boundaryID?: string;
  startedAt: string;
  finishedAt: string;
  children?: string[];
  outputs?: { exitCode: string };
}

const at = (start: number, seconds: number) =>
  new Date(start + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

export function bigWorkflow(namespace: string, name: string, items: number) {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const nodes: Record<string, Node> = {};
  const add = (node: Node) => {
    nodes[node.id] = node;
  };
  const itemIds = Array.from({ length: items }, (_, i) => `${name}-work-${i}`);
  add({
    id: name,
    name,
    displayName: name,
    type: 'DAG',
    templateName: 'main',
    phase: 'Failed',
    startedAt: at(start, 0),
    finishedAt: at(start, 900),
    children: [`${name}-prepare`],
  });
  add({
    id: `${name}-prepare`,
    name: `${name}.prepare`,
    displayName: 'prepare',
    type: 'Pod',
    templateName: 'prepare',
    phase: 'Succeeded',
    boundaryID: name,
    startedAt: at(start, 1),
    finishedAt: at(start, 10),
    children: itemIds,
    outputs: { exitCode: '0' },
  });
  itemIds.forEach((id, i) => {
    const failed = i % 97 === 96;
    add({
      id,
      name: `${name}.work(${i}:${i})`,
      displayName: `work(${i}:${i})`,
      type: 'Pod',
      templateName: 'work',
      phase: failed ? 'Failed' : 'Succeeded',
      boundaryID: name,
      startedAt: at(start, 10 + (i % 50) * 10),
      finishedAt: at(start, 20 + (i % 50) * 10 + (i % 7)),
      children: [`${name}-report`],
      outputs: { exitCode: failed ? '1' : '0' },
    });
  });
  add({
    id: `${name}-report`,
    name: `${name}.report`,
    displayName: 'report',
    type: 'Pod',
    templateName: 'report',
    phase: 'Omitted',
    boundaryID: name,
    startedAt: at(start, 890),
    finishedAt: at(start, 890),
  });
  return {
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: at(start, 0),
      labels: { 'workflows.argoproj.io/phase': 'Failed' },
    },
    spec: { entrypoint: 'main', templates: [] },
    status: {
      phase: 'Failed',
      startedAt: at(start, 0),
      finishedAt: at(start, 900),
      progress: `${items}/${items + 2}`,
      nodes,
    },
  };
}

/**
 * A finished DAG of `chains` independent chains of `length` distinct tasks (no loop to collapse):
 *
 *   big (DAG) ─► c0-0 ─► c0-1 ─► … ─► c0-(length-1)
 *            ├─► c1-0 ─► …
 *            └─► …
 */
export function wideDag(namespace: string, name: string, chains: number, length: number) {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const nodes: Record<string, Node> = {};
  const ids: string[] = [];
  for (let c = 0; c < chains; c++) ids.push(`${name}-c${c}-0`);
  nodes[name] = {
    id: name,
    name,
    displayName: name,
    type: 'DAG',
    templateName: 'main',
    phase: 'Succeeded',
    startedAt: at(start, 0),
    finishedAt: at(start, length * 10),
    children: ids,
  };
  for (let c = 0; c < chains; c++)
    for (let i = 0; i < length; i++) {
      const id = `${name}-c${c}-${i}`;
      nodes[id] = {
        id,
        name: `${name}.c${c}-${i}`,
        displayName: `c${c}-${i}`,
        type: 'Pod',
        templateName: 'step',
        phase: 'Succeeded',
        boundaryID: name,
        startedAt: at(start, i * 10),
        finishedAt: at(start, i * 10 + 9),
        ...(i + 1 < length ? { children: [`${name}-c${c}-${i + 1}`] } : {}),
      };
    }
  return {
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: at(start, 0),
      labels: {},
    },
    spec: { entrypoint: 'main', templates: [] },
    status: {
      phase: 'Succeeded',
      startedAt: at(start, 0),
      finishedAt: at(start, length * 10),
      progress: `${chains * length}/${chains * length}`,
      nodes,
    },
  };
}
