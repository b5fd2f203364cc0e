import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.js';
import { KeyedQueue } from './keyed-queue.js';

describe('systemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires a timer beyond setTimeout’s 24.8-day limit at its time, not before', () => {
    vi.useFakeTimers({ now: new Date('2024-01-01T00:00:00Z') });
    const fired: Date[] = [];
    systemClock.setTimer(new Date('2024-02-15T00:00:00Z'), () => fired.push(new Date()));
    vi.advanceTimersByTime(44 * 24 * 3_600_000);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(24 * 3_600_000);
    expect(fired.map((date) => date.toISOString())).toEqual(['2024-02-15T00:00:00.000Z']);
  });

  it('does not fire a cancelled timer, and fires a timer for a past time at once', () => {
    vi.useFakeTimers({ now: new Date('2024-01-01T00:00:00Z') });
    const fired: string[] = [];
    const cancel = systemClock.setTimer(new Date('2024-01-01T00:01:00Z'), () => fired.push('cancelled'));
    systemClock.setTimer(new Date('2023-12-31T00:00:00Z'), () => fired.push('past'));
    cancel();
    vi.advanceTimersByTime(120_000);
    expect(fired).toEqual(['past']);
  });
});

describe('KeyedQueue', () => {
  it('runs tasks of one key in order and joins a same-kind task that has not started', async () => {
    const queue = new KeyedQueue(() => {});
    const order: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    void queue.enqueue('a', async () => {
      await gate;
      order.push('first');
    });
    const second = queue.enqueue('a', async () => void order.push('sync'), 'sync');
    const joined = queue.enqueue('a', async () => void order.push('sync again'), 'sync');
    void queue.enqueue('b', async () => void order.push('other key'));
    expect(joined).toBe(second);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['other key']);
    release();
    await queue.idle();
    expect(order).toEqual(['other key', 'first', 'sync']);
  });

  it('reports a failing task and goes on with the next', async () => {
    const errors: string[] = [];
    const queue = new KeyedQueue((key, error) => errors.push(`${key}: ${(error as Error).message}`));
    const ran: string[] = [];
    void queue.enqueue('a', async () => {
      throw new Error('boom');
    });
    void queue.enqueue('a', async () => void ran.push('next'));
    await queue.idle();
    expect(errors).toEqual(['a: boom']);
    expect(ran).toEqual(['next']);
  });
});
