/** What the client prints for templates, cron workflows and a template's runs. Pure. */
import type { Workflow } from '@weft/core';
import type { ApiObject, RunItem, RunSummary } from './api.js';
import type { ClientOutput } from './client-args.js';
import { durationOf } from './print-workflows.js';
import { age, formatDocument, formatTable, localTime, shortDuration } from './table.js';

export const RUN_NUMBER_ANNOTATION = 'weft.dev/run-number';

const field = (label: string, value: unknown) => `${`${label}:`.padEnd(20)} ${String(value ?? '')}`.trimEnd();

/** One template or cron workflow: argo's short description, or its name, JSON, YAML. */
export function formatResource(object: ApiObject, output: ClientOutput | undefined): string {
  if (output === 'name') return `${object.metadata.name ?? ''}\n`;
  if (output === 'json' || output === 'yaml') return formatDocument(object, output);
  const lines = [
    field('Name', object.metadata.name),
    ...(object.metadata.namespace ? [field('Namespace', object.metadata.namespace)] : []),
    field('Created', localTime(object.metadata.creationTimestamp)),
  ];
  if (object.kind === 'CronWorkflow') lines.push(...cronLines(object));
  return `${lines.join('\n')}\n`;
}

function cronLines(cron: ApiObject): string[] {
  const spec = cron.spec ?? {};
  const status = cron.status ?? {};
  const lines = [field('Schedules', schedulesOf(cron)), field('Suspended', spec.suspend === true)];
  if (spec.timezone) lines.push(field('Timezone', spec.timezone));
  if (spec.concurrencyPolicy) lines.push(field('ConcurrencyPolicy', spec.concurrencyPolicy));
  if (status.lastScheduledTime)
    lines.push(field('LastScheduledTime', localTime(String(status.lastScheduledTime))));
  const active = (status.active as { name?: string }[] | undefined) ?? [];
  if (active.length > 0) lines.push(field('Active Workflows', active.map((a) => a.name).join(', ')));
  return lines;
}

function schedulesOf(cron: ApiObject): string {
  const spec = cron.spec ?? {};
  const list = Array.isArray(spec.schedules) ? (spec.schedules as string[]) : [];
  return [...(typeof spec.schedule === 'string' && spec.schedule ? [spec.schedule] : []), ...list].join(',');
}

/** A list of templates (NAME) or cron workflows (NAME AGE LAST RUN SCHEDULES TIMEZONE SUSPENDED). */
export function formatResourceList(
  items: readonly ApiObject[],
  kind: string,
  output: ClientOutput | undefined,
  now: Date,
): string {
  if (output === 'json' || output === 'yaml') return formatDocument(items, output);
  if (output === 'name') return items.map((item) => `${item.metadata.name ?? ''}\n`).join('');
  if (kind !== 'CronWorkflow')
    return formatTable([['NAME'], ...items.map((item) => [item.metadata.name ?? ''])]);
  const heading = ['NAME', 'AGE', 'LAST RUN', 'SCHEDULES', 'TIMEZONE', 'SUSPENDED'];
  const rows = items.map((cron) => [
    cron.metadata.name ?? '',
    age(cron.metadata.creationTimestamp, now),
    age(cron.status?.lastScheduledTime as string | undefined, now),
    schedulesOf(cron),
    String(cron.spec?.timezone ?? ''),
    String(cron.spec?.suspend === true),
  ]);
  return formatTable([heading, ...rows]);
}

/** A template's build history: RUN NAME STATUS STARTED DURATION, newest first as the server sends it. */
export function formatRuns(runs: readonly RunItem[], output: ClientOutput | undefined, now: Date): string {
  if (output === 'json' || output === 'yaml') return formatDocument(runs, output);
  const rows = runs.map((run) => runRow(run, now));
  if (output === 'name') return rows.map((row) => `${row[1]}\n`).join('');
  if (rows.length === 0) return 'No runs found\n';
  return formatTable([['RUN', 'NAME', 'STATUS', 'STARTED', 'DURATION'], ...rows]);
}

/** weft's run summary, or a Workflow numbered by its `weft.dev/run-number` annotation. */
function runRow(run: RunItem, now: Date): string[] {
  if ('metadata' in run) {
    const number = run.metadata?.annotations?.[RUN_NUMBER_ANNOTATION];
    const { phase, startedAt } = run.status ?? {};
    return [
      number ? `#${number}` : '',
      run.metadata?.name ?? '',
      phase ?? 'Pending',
      localTime(startedAt),
      durationOf(run, now),
    ];
  }
  const duration =
    run.duration !== undefined ? shortDuration(run.duration * 1000) : durationOf(asWorkflow(run), now);
  return [
    run.runNumber !== undefined ? `#${run.runNumber}` : '',
    run.name,
    run.phase ?? 'Pending',
    localTime(run.startedAt),
    duration,
  ];
}

function asWorkflow(run: RunSummary): Workflow {
  return { status: { startedAt: run.startedAt, finishedAt: run.finishedAt } } as Workflow;
}
