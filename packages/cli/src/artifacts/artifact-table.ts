/** The short table `weft run` prints on stderr at the end: where each output artifact is stored. */
import type { StoredArtifact } from '@weft/engine';

type Row = Pick<StoredArtifact, 'nodeId' | 'name' | 'where'> & { readonly displayName?: string };

/**
 * @example
 * formatArtifactTable([{ nodeId: 'wf-1', displayName: 'gen', name: 'out', where: 's3://b/k' }], 'RUN')
 * // 'Artifacts (weft artifacts get RUN NODE NAME):\nNODE  NAME  STORED AT\ngen   out   s3://b/k\n'
 */
export function formatArtifactTable(rows: readonly Row[], runDir: string): string {
  if (rows.length === 0) return '';
  const table = [
    ['NODE', 'NAME', 'STORED AT'],
    ...rows.map((r) => [r.displayName ?? r.nodeId, r.name, r.where]),
  ];
  const widths = [0, 1].map((c) => Math.max(...table.map((row) => (row[c] as string).length)));
  const lines = table.map((row) =>
    row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c] as number) : cell)).join('  '),
  );
  return `Artifacts (weft artifacts get ${runDir} NODE NAME):\n${lines.join('\n')}\n`;
}
