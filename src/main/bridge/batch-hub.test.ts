import type { IngestBatch, Notice } from '@core/bridge/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchHub } from './batch-hub';

/** Records what it receives; acks only when the test says so. */
function fakeConsumer() {
  const batches: IngestBatch[] = [];
  const notices: Notice[] = [];
  return {
    batches,
    notices,
    seqs: () => batches.map((b) => b.seq),
    send: (b: IngestBatch) => {
      batches.push(b);
    },
    notice: (n: Notice) => {
      notices.push(n);
    },
  };
}

describe('BatchHub', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('numbers batches and delivers them in order', () => {
    const hub = new BatchHub();
    const c = fakeConsumer();
    hub.attach(c);
    expect(hub.push([], 'a')).toBe(1);
    expect(hub.push([], 'b')).toBe(2);
    hub.push([], 'c');
    expect(c.seqs()).toEqual([1, 2, 3]);
    expect(c.batches.map((b) => b.source)).toEqual(['a', 'b', 'c']);
  });

  it('keeps batches while no consumer is attached and delivers them all on attach', () => {
    const hub = new BatchHub();
    for (let i = 0; i < 5; i++) hub.push([], 'x');
    expect(hub.pendingCount).toBe(5);
    const c = fakeConsumer();
    hub.attach(c);
    expect(c.seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('forgets a batch once acked, and ignores unknown or repeated acks', () => {
    const hub = new BatchHub();
    const c = fakeConsumer();
    hub.attach(c);
    hub.push([], 'x');
    hub.push([], 'x');
    hub.ack(1);
    expect(hub.pendingCount).toBe(1);
    hub.ack(1);
    hub.ack(99);
    expect(hub.pendingCount).toBe(1);
    hub.ack(2);
    expect(hub.pendingCount).toBe(0);
    expect(c.seqs()).toEqual([1, 2]);
  });

  it('delivers to the first consumer only, and hands its unacked batches to the next on detach', () => {
    const hub = new BatchHub();
    const first = fakeConsumer();
    const second = fakeConsumer();
    const detachFirst = hub.attach(first);
    hub.attach(second);
    hub.push([], 'x');
    hub.push([], 'x');
    hub.push([], 'x');
    hub.ack(2);
    expect(first.seqs()).toEqual([1, 2, 3]);
    expect(second.seqs()).toEqual([]);
    detachFirst();
    expect(second.seqs()).toEqual([1, 3]);
    hub.push([], 'x');
    expect(second.seqs()).toEqual([1, 3, 4]);
    expect(first.seqs()).toEqual([1, 2, 3]);
  });

  it('redelivers to a consumer attached after the only one left', () => {
    const hub = new BatchHub();
    const detach = hub.attach(fakeConsumer());
    hub.push([], 'x');
    detach();
    detach();
    const later = fakeConsumer();
    hub.attach(later);
    expect(later.seqs()).toEqual([1]);
  });

  it('sends a nacked batch again after a backoff that grows, with one notice', () => {
    const hub = new BatchHub({ retryMs: 100 });
    const c = fakeConsumer();
    hub.attach(c);
    hub.push([], 'otlp-json /v1/traces');
    hub.nack(1, 'QuotaExceededError');
    expect(c.seqs()).toEqual([1]);
    vi.advanceTimersByTime(99);
    expect(c.seqs()).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(c.seqs()).toEqual([1, 1]);
    hub.nack(1, 'QuotaExceededError');
    vi.advanceTimersByTime(150);
    expect(c.seqs()).toEqual([1, 1]);
    vi.advanceTimersByTime(50);
    expect(c.seqs()).toEqual([1, 1, 1]);
    hub.ack(1);
    expect(hub.pendingCount).toBe(0);
    expect(c.notices).toHaveLength(1);
    expect(c.notices[0]).toMatchObject({ level: 'error' });
    expect(c.notices[0]?.message).toContain('QuotaExceededError');
  });

  it('keeps later batches flowing while a nacked one waits', () => {
    const hub = new BatchHub({ retryMs: 1000, window: 2 });
    const c = fakeConsumer();
    hub.attach(c);
    hub.push([], 'x');
    hub.push([], 'x');
    hub.push([], 'x');
    expect(c.seqs()).toEqual([1, 2]);
    hub.nack(1, 'boom');
    expect(c.seqs()).toEqual([1, 2, 3]);
    hub.ack(2);
    hub.ack(3);
    vi.advanceTimersByTime(1000);
    expect(c.seqs()).toEqual([1, 2, 3, 1]);
  });

  it('never has more than `window` batches in flight', () => {
    const hub = new BatchHub({ window: 3 });
    const c = fakeConsumer();
    hub.attach(c);
    for (let i = 0; i < 10; i++) hub.push([], 'x');
    expect(c.seqs()).toEqual([1, 2, 3]);
    hub.ack(2);
    expect(c.seqs()).toEqual([1, 2, 3, 4]);
    hub.ack(1);
    hub.ack(3);
    expect(c.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(hub.pendingCount).toBe(7);
  });

  it('moves on to the next consumer when sending throws', () => {
    const hub = new BatchHub();
    const broken = {
      send: () => {
        throw new Error('socket closed');
      },
    };
    const good = fakeConsumer();
    hub.attach(broken);
    hub.attach(good);
    hub.push([], 'x');
    expect(good.seqs()).toEqual([1]);
  });

  it('sends notices to every consumer and replays the last ones to a new consumer', () => {
    const hub = new BatchHub({ noticeHistory: 3 });
    const early = fakeConsumer();
    hub.attach(early);
    for (let i = 1; i <= 5; i++) hub.notice('warning', `n${i}`);
    expect(early.notices.map((n) => n.message)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    const late = fakeConsumer();
    hub.attach(late);
    expect(late.notices.map((n) => n.message)).toEqual(['n3', 'n4', 'n5']);
    expect(late.notices.map((n) => n.id)).toEqual([3, 4, 5]);
  });

  it('survives a consumer that acks from inside send', () => {
    const hub = new BatchHub({ window: 1 });
    const seen: number[] = [];
    hub.attach({
      send: (b) => {
        seen.push(b.seq);
        hub.ack(b.seq);
      },
    });
    for (let i = 0; i < 4; i++) hub.push([], 'x');
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(hub.pendingCount).toBe(0);
  });
});
