import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { at, node, T0, workflowWith } from '../testing/builders.js';
import { createLiveDisplay } from './live.js';

const ESC = '\u001b';
const running = (id: string) =>
  workflowWith(id, [node(id, { type: 'Pod', phase: 'Running', startedAt: at(0) })], { phase: 'Running' });

function terminal() {
  const writes: string[] = [];
  return { writes, stream: { isTTY: true, columns: 80, rows: 30, write: (t: string) => writes.push(t) } };
}

describe('live display on a terminal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0 + 5000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws at most ten times a second, always showing the latest state', () => {
    const { writes, stream } = terminal();
    const live = createLiveDisplay(stream);
    live.update(running('first'));
    vi.advanceTimersByTime(0);
    expect(writes).toHaveLength(1);
    live.update(running('second'));
    live.update(running('third'));
    vi.advanceTimersByTime(50);
    expect(writes).toHaveLength(1);
    vi.advanceTimersByTime(50);
    const drawn = writes[0].split('\n').length - 1;
    expect(writes[1].startsWith(`${ESC}[${drawn}A\r${ESC}[J`)).toBe(true);
    expect(writes.join('')).toContain('third');
    expect(writes.join('')).not.toContain('second');
    live.finish(running('third'));
  });

  it('erases its region at the end when asked, so the final tree is shown once', () => {
    const { writes, stream } = terminal();
    const live = createLiveDisplay(stream);
    live.update(running('wf'));
    vi.advanceTimersByTime(0);
    const drawn = writes[0].split('\n').length - 1;
    live.finish(running('wf'), { erase: true });
    expect(writes.at(-1)).toBe(`${ESC}[${drawn}A\r${ESC}[J`);
  });

  it('prints a message above the tree and redraws the tree below it', () => {
    const { writes, stream } = terminal();
    const live = createLiveDisplay(stream);
    live.update(running('wf'));
    vi.advanceTimersByTime(0);
    const drawn = writes[0].split('\n').length - 1;
    live.message('weft: steps are not isolated: no overlay');
    expect(writes.slice(1)).toEqual([
      `${ESC}[${drawn}A\r${ESC}[J`,
      'weft: steps are not isolated: no overlay\n',
    ]);
    vi.advanceTimersByTime(100);
    expect(writes.at(-1)).toContain('wf');
    live.finish(running('wf'));
  });
});

describe('live display elsewhere', () => {
  it('appends a line per phase change instead of redrawing', () => {
    const writes: string[] = [];
    const clock = () => new Date(2024, 0, 1, 9, 5, 1);
    const live = createLiveDisplay({ write: (t: string) => writes.push(t) }, { clock });
    live.update(running('wf'));
    live.update(running('wf'));
    live.finish(workflowWith('wf', [node('wf', { type: 'Pod' })]));
    expect(writes).toEqual(['09:05:01  wf  Running\n', '09:05:01  wf  Succeeded\n']);
  });
});
