import type { HistoryRow } from '../model/history';
import { lookOf } from '../model/phase';
import { formatDuration } from '../model/time';

/** Durations of the runs on this page, oldest left, as an SVG bar chart (phase in icon and title). */
export function DurationTrend({ runs }: { readonly runs: readonly HistoryRow[] }) {
  const points = [...runs].reverse().filter((r) => r.duration !== undefined);
  if (points.length === 0) return <p>No finished runs to chart yet.</p>;
  const max = Math.max(...points.map((p) => p.duration as number), 0.001);
  const width = 40;
  const height = 160;
  return (
    <figure>
      <svg
        className="trend"
        width={points.length * width + 60}
        height={height + 40}
        role="img"
        aria-label={`Durations of the last ${points.length} runs; longest ${formatDuration(max)}`}
      >
        <text x={0} y={12} className="axis">
          {formatDuration(max)}
        </text>
        {points.map((run, i) => {
          const h = Math.max(2, ((run.duration as number) / max) * height);
          const look = lookOf(run.phase);
          return (
            <g key={run.uid} transform={`translate(${50 + i * width},0)`}>
              <title>{`#${run.runNumber ?? run.name}: ${formatDuration(run.duration)}, ${look.label}`}</title>
              <rect y={height - h + 16} width={width - 10} height={h} className={`tone-${look.tone}`} />
              <text y={height + 32} x={(width - 10) / 2} textAnchor="middle" className="axis">
                {look.icon}
                {run.runNumber ?? ''}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Duration per run, oldest left.</figcaption>
    </figure>
  );
}
