import type { IngestBatch, Notice } from '@core/wire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConvertRaw } from '../convert/otlp-convert';
import { MemorySpool, type RawOtlp } from '../spool/batch-spool';
import { AHEAD_BATCHES, AHEAD_SPANS, BatchHub, QUIET_BEFORE_AHEAD_MS } from './batch-hub';

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

/** Lets the hub's delivery loop (store reads are promises) run to where it waits. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('BatchHub', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('numbers batches and delivers them in order', async () => {
    const hub = new BatchHub();
    const c = fakeConsumer();
    hub.attach(c);
    await settle();
    expect(await hub.push([], 'a')).toBe(1);
    await settle();
    expect(await hub.push([], 'b')).toBe(2);
    await hub.push([], 'c');
    await settle();
    expect(c.seqs()).toEqual([1, 2, 3]);
    await settle();
    expect(c.batches.map((b) => b.source)).toEqual(['a', 'b', 'c']);
  });

  it('keeps batches while no consumer is attached and delivers them all on attach', async () => {
    const hub = new BatchHub();
    for (let i = 0; i < 5; i++) await hub.push([], 'x');
    await settle();
    expect(hub.pendingCount).toBe(5);
    const c = fakeConsumer();
    hub.attach(c);
    await settle();
    expect(c.seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('forgets a batch once acked, and ignores unknown or repeated acks', async () => {
    const hub = new BatchHub();
    const c = fakeConsumer();
    hub.attach(c);
    await hub.push([], 'x');
    await hub.push([], 'x');
    hub.ack(1);
    await settle();
    expect(hub.pendingCount).toBe(1);
    hub.ack(1);
    hub.ack(99);
    await settle();
    expect(hub.pendingCount).toBe(1);
    hub.ack(2);
    await settle();
    expect(hub.pendingCount).toBe(0);
    await settle();
    expect(c.seqs()).toEqual([1, 2]);
  });

  it('delivers to the first consumer only, and hands its unacked batches to the next on detach', async () => {
    const hub = new BatchHub();
    const first = fakeConsumer();
    const second = fakeConsumer();
    const detachFirst = hub.attach(first);
    hub.attach(second);
    await hub.push([], 'x');
    await hub.push([], 'x');
    await hub.push([], 'x');
    hub.ack(2);
    await settle();
    expect(first.seqs()).toEqual([1, 2, 3]);
    await settle();
    expect(second.seqs()).toEqual([]);
    detachFirst();
    await settle();
    expect(second.seqs()).toEqual([1, 3]);
    await hub.push([], 'x');
    await settle();
    expect(second.seqs()).toEqual([1, 3, 4]);
    await settle();
    expect(first.seqs()).toEqual([1, 2, 3]);
  });

  it('redelivers to a consumer attached after the only one left', async () => {
    const hub = new BatchHub();
    const detach = hub.attach(fakeConsumer());
    await hub.push([], 'x');
    detach();
    detach();
    const later = fakeConsumer();
    hub.attach(later);
    await settle();
    expect(later.seqs()).toEqual([1]);
  });

  it('sends a nacked batch again after a backoff that grows, with one notice', async () => {
    const hub = new BatchHub({ retryMs: 100 });
    const c = fakeConsumer();
    hub.attach(c);
    await hub.push([], 'otlp-json /v1/traces');
    // The writer got it, and failed to store it.
    await settle();
    expect(c.seqs()).toEqual([1]);
    hub.nack(1, 'QuotaExceededError');
    await settle();
    expect(c.seqs()).toEqual([1]);
    await vi.advanceTimersByTimeAsync(99);
    await settle();
    expect(c.seqs()).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(c.seqs()).toEqual([1, 1]);
    hub.nack(1, 'QuotaExceededError');
    await vi.advanceTimersByTimeAsync(150);
    await settle();
    expect(c.seqs()).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(50);
    await settle();
    expect(c.seqs()).toEqual([1, 1, 1]);
    hub.ack(1);
    await settle();
    expect(hub.pendingCount).toBe(0);
    await settle();
    expect(c.notices).toHaveLength(1);
    await settle();
    expect(c.notices[0]).toMatchObject({ level: 'error' });
    await settle();
    expect(c.notices[0]?.message).toContain('QuotaExceededError');
  });

  it('keeps later batches flowing while a nacked one waits', async () => {
    const hub = new BatchHub({ retryMs: 1000, window: 2 });
    const c = fakeConsumer();
    hub.attach(c);
    await hub.push([], 'x');
    await hub.push([], 'x');
    await hub.push([], 'x');
    await settle();
    expect(c.seqs()).toEqual([1, 2]);
    hub.nack(1, 'boom');
    await settle();
    expect(c.seqs()).toEqual([1, 2, 3]);
    hub.ack(2);
    hub.ack(3);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(c.seqs()).toEqual([1, 2, 3, 1]);
  });

  it('never has more than `window` batches in flight', async () => {
    const hub = new BatchHub({ window: 3 });
    const c = fakeConsumer();
    hub.attach(c);
    for (let i = 0; i < 10; i++) await hub.push([], 'x');
    await settle();
    expect(c.seqs()).toEqual([1, 2, 3]);
    hub.ack(2);
    await settle();
    expect(c.seqs()).toEqual([1, 2, 3, 4]);
    hub.ack(1);
    hub.ack(3);
    await settle();
    expect(c.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    await settle();
    expect(hub.pendingCount).toBe(7);
  });

  it('moves on to the next consumer when sending throws', async () => {
    const hub = new BatchHub();
    const broken = {
      send: () => {
        throw new Error('socket closed');
      },
    };
    const good = fakeConsumer();
    hub.attach(broken);
    hub.attach(good);
    await hub.push([], 'x');
    await settle();
    expect(good.seqs()).toEqual([1]);
  });

  it('sends notices to every consumer and replays the last ones to a new consumer', async () => {
    const hub = new BatchHub({ noticeHistory: 3 });
    const early = fakeConsumer();
    hub.attach(early);
    for (let i = 1; i <= 5; i++) hub.notice('warning', `n${i}`);
    await settle();
    expect(early.notices.map((n) => n.message)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    const late = fakeConsumer();
    hub.attach(late);
    await settle();
    expect(late.notices.map((n) => n.message)).toEqual(['n3', 'n4', 'n5']);
    await settle();
    expect(late.notices.map((n) => n.id)).toEqual([3, 4, 5]);
  });

  it('survives a consumer that acks from inside send', async () => {
    const hub = new BatchHub({ window: 1 });
    const seen: number[] = [];
    hub.attach({
      send: (b) => {
        seen.push(b.seq);
        hub.ack(b.seq);
      },
    });
    for (let i = 0; i < 4; i++) await hub.push([], 'x');
    await settle();
    expect(seen).toEqual([1, 2, 3, 4]);
    await settle();
    expect(hub.pendingCount).toBe(0);
  });

  it('maps a raw request body on its way to the writer, in order with the other batches', async () => {
    const hub = new BatchHub();
    const c = fakeConsumer();
    hub.attach(c);
    const span = {
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      name: 'chat gpt-4o',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000001000000000',
      attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }],
    };
    const body = new TextEncoder().encode(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }));
    await hub.push([], 'before');
    await hub.pushRaw({ format: 'json', path: '/v1/traces', body }, 'otlp-json /v1/traces');
    await hub.push([], 'after');
    await vi.advanceTimersByTimeAsync(10);
    expect(c.batches.map((b) => b.source)).toEqual(['before', 'otlp-json /v1/traces', 'after']);
    expect(c.batches[1]?.observations.map((o) => [o.id, o.type, o.model])).toEqual([
      ['cd'.repeat(8), 'GENERATION', 'gpt-4o'],
    ]);
    expect(c.notices).toEqual([]);
  });

  it('drops a raw body that does not decode with an error notice, and delivers the rest', async () => {
    const hub = new BatchHub();
    const c = fakeConsumer();
    hub.attach(c);
    await hub.pushRaw(
      { format: 'json', path: '/v1/traces', body: new TextEncoder().encode('{"resourceSpans": 7}') },
      'x',
    );
    await hub.push([], 'after');
    await vi.advanceTimersByTimeAsync(10);
    expect(c.batches.map((b) => b.source)).toEqual(['after']);
    expect(c.notices.map((n) => [n.level, n.message])).toEqual([
      [
        'error',
        expect.stringMatching(
          /^Spans received on POST \/v1\/traces could not be decoded and were dropped: .*resourceSpans/,
        ),
      ],
    ]);
    expect(hub.pendingCount).toBe(1);
  });

  describe('converting ahead', () => {
    const raw = (spans: number): RawOtlp => ({ format: 'json', path: '/v1/traces', body: new Uint8Array(8), spans });
    /** A converter that counts its calls, fails for the seqs in `failing`, and names its batches' source `by`. */
    const counting = (failing: number[] = [], by?: string) => {
      const converted: number[] = [];
      const convert: ConvertRaw = async (b) => {
        converted.push(b.seq);
        if (failing.includes(b.seq)) throw new Error('bad bytes');
        return { seq: b.seq, receivedAt: b.receivedAt, source: by ?? b.source, observations: [] };
      };
      return { converted, convert };
    };

    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    /** The senders pause: with no writer attached, that is when the hub converts ahead. */
    const pause = () => vi.advanceTimersByTimeAsync(QUIET_BEFORE_AHEAD_MS);

    it('converts nothing ahead while senders keep sending and no writer is attached, and all once they pause', async () => {
      const { converted, convert } = counting();
      const hub = new BatchHub({ convert });
      for (let i = 0; i < 6; i++) {
        await hub.pushRaw(raw(10), 'otlp');
        await vi.advanceTimersByTimeAsync(QUIET_BEFORE_AHEAD_MS / 2);
      }
      expect(converted).toEqual([]);
      await pause();
      expect(converted).toEqual(upTo(6));
      // With a writer attached, each batch is converted as it comes.
      const c = fakeConsumer();
      hub.attach(c);
      await settle();
      await hub.pushRaw(raw(10), 'otlp');
      await settle();
      expect(converted).toEqual(upTo(7));
      expect(c.seqs()).toEqual(upTo(7));
      await hub.close();
    });

    it('converts a backlog before any page attaches, never more than the bound ahead', async () => {
      const { converted, convert } = counting();
      const hub = new BatchHub({ convert });
      // Batches that fill the bound by spans and by count at once, and eight more.
      const size = AHEAD_SPANS / AHEAD_BATCHES;
      for (let i = 0; i < AHEAD_BATCHES + 8; i++) await hub.pushRaw(raw(size), 'otlp');
      await pause();
      // The rest stays in the spool until some are sent.
      expect(converted).toEqual(upTo(AHEAD_BATCHES));

      const c = fakeConsumer();
      hub.attach(c);
      await settle();
      // The writer's window is 16 batches.
      expect(c.seqs()).toEqual(upTo(16));
      // Those sent make room: the next ones are converted while the writer stores.
      expect(converted).toEqual(upTo(AHEAD_BATCHES + 8));
      for (const seq of c.seqs()) hub.ack(seq);
      await settle();
      expect(c.seqs()).toEqual(upTo(32));
      // Each batch was converted once.
      expect(converted).toHaveLength(AHEAD_BATCHES + 8);
    });

    it('counts a large batch against the bound by its spans', async () => {
      const { converted, convert } = counting();
      const hub = new BatchHub({ convert });
      for (let i = 0; i < 4; i++) await hub.pushRaw(raw(AHEAD_SPANS / 2 - 100), 'otlp');
      await pause();
      expect(converted).toEqual([1, 2]);
    });

    it('reports a batch that cannot be converted as lost, in its turn, and the others flow', async () => {
      const { convert } = counting([2]);
      const hub = new BatchHub({ convert });
      for (let i = 0; i < 3; i++) await hub.pushRaw(raw(10), 'otlp');
      await settle();
      const c = fakeConsumer();
      hub.attach(c);
      await settle();
      expect(c.seqs()).toEqual([1, 3]);
      expect(c.notices.map((n) => n.message)).toEqual([
        'Spans received on POST /v1/traces could not be decoded and were dropped: bad bytes',
      ]);
      expect(hub.pendingCount).toBe(2);
    });

    it('converts a batch sent again after a nack again, when its turn comes', async () => {
      const { converted, convert } = counting();
      const hub = new BatchHub({ convert, retryMs: 100 });
      const c = fakeConsumer();
      hub.attach(c);
      await hub.pushRaw(raw(10), 'otlp');
      await settle();
      hub.nack(1, 'disk full');
      await vi.advanceTimersByTimeAsync(100);
      await settle();
      expect(c.seqs()).toEqual([1, 1]);
      expect(converted).toEqual([1, 1]);
    });

    it('converts a recovered backlog again with the converter the receiver sets after the hub starts', async () => {
      const spool = new MemorySpool();
      for (let i = 0; i < 3; i++) await spool.appendRaw(0, 'otlp', raw(10));
      const early = counting([], 'default prices');
      const hub = new BatchHub({ spool, convert: early.convert });
      await settle();
      expect(early.converted).toEqual([1, 2, 3]);
      const receiver = counting([], 'user prices');
      hub.setConverter(receiver.convert);
      await settle();
      expect(receiver.converted).toEqual([1, 2, 3]);
      const c = fakeConsumer();
      hub.attach(c);
      await settle();
      expect(c.batches.map((b) => [b.seq, b.source])).toEqual([
        [1, 'user prices'],
        [2, 'user prices'],
        [3, 'user prices'],
      ]);
    });

    it('holds no more than the bound when a writer leaves and its batches come back to the front', async () => {
      const { convert } = counting();
      const hub = new BatchHub({ convert });
      for (let i = 0; i < AHEAD_BATCHES + 24; i++) await hub.pushRaw(raw(10), 'otlp');
      const first = fakeConsumer();
      const detach = hub.attach(first);
      await settle();
      expect(first.seqs()).toEqual(upTo(16));
      expect(hub.aheadCount).toBe(AHEAD_BATCHES);
      detach();
      // What the hub holds each time it hands the second writer a batch.
      const held: number[] = [];
      const second = fakeConsumer();
      hub.attach({
        ...second,
        send: (b) => {
          held.push(hub.aheadCount);
          second.send(b);
        },
      });
      await settle();
      expect(second.seqs()).toEqual(upTo(16));
      expect(Math.max(...held)).toBeLessThanOrEqual(AHEAD_BATCHES);
      expect(hub.aheadCount).toBe(AHEAD_BATCHES);
      for (const seq of second.seqs()) hub.ack(seq);
      await settle();
      expect(second.seqs()).toEqual(upTo(32));
    });

    it('frees the converted copy of a batch once it is acked', async () => {
      const { convert } = counting();
      const hub = new BatchHub({ convert, window: 1 });
      for (let i = 0; i < 3; i++) await hub.pushRaw(raw(10), 'otlp');
      await pause();
      expect(hub.aheadCount).toBe(3);
      const c = fakeConsumer();
      hub.attach(c);
      await settle();
      expect(c.seqs()).toEqual([1]);
      expect(hub.aheadCount).toBe(2);
      hub.ack(1);
      hub.ack(2);
      await settle();
      expect(c.seqs()).toEqual([1, 3]);
      expect(hub.aheadCount).toBe(0);
      expect(hub.pendingCount).toBe(1);
    });
  });
});
