import { lookOf } from '../model/phase';

/** Recent runs, oldest left: one bar per run, tall for success; the title gives the success rate. */
export function Sparkline({
  runs,
}: {
  readonly runs: readonly { readonly uid: string; readonly phase: string }[];
}) {
  const phases = runs.map((r) => r.phase);
  if (phases.length === 0) return <span className="muted">no runs</span>;
  const ok = phases.filter((p) => p === 'Succeeded').length;
  const rate = Math.round((ok / phases.length) * 100);
  const text = `${rate}% of the last ${phases.length} runs succeeded`;
  return (
    <svg className="sparkline" width={phases.length * 6} height={16} role="img" aria-label={text}>
      <title>{text}</title>
      {runs.map(({ uid, phase }, i) => {
        const look = lookOf(phase);
        const height = phase === 'Succeeded' ? 16 : look.tone === 'bad' ? 6 : 10;
        return (
          <rect
            key={uid}
            x={i * 6}
            y={16 - height}
            width={4}
            height={height}
            className={`tone-${look.tone}`}
          />
        );
      })}
    </svg>
  );
}
