import { RunControl } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { interruptHandler } from './interrupts.js';

describe('Ctrl-C during weft run', () => {
  it('stops first, terminates second, and quits with 130 on the third', () => {
    const control = new RunControl();
    const actions: string[] = [];
    control.attach((request) => {
      actions.push(request.action);
      return { ok: true, message: '' };
    });
    const quits: number[] = [];
    const notes: string[] = [];
    const handler = interruptHandler(
      control,
      (line) => notes.push(line),
      (code) => quits.push(code),
    );
    handler.onInterrupt();
    expect(actions).toEqual(['stop']);
    handler.onInterrupt();
    expect(actions).toEqual(['stop', 'terminate']);
    expect(quits).toEqual([]);
    handler.onInterrupt();
    expect(quits).toEqual([130]);
    expect(handler.count()).toBe(3);
    expect(notes[0]).toMatch(/Stopping/);
    expect(notes[1]).toMatch(/Terminating/);
  });
});
