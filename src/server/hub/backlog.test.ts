import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord, Observation } from '@core/model/types';
import type { Backlog, IngestBatch, Notice } from '@core/wire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConvertRaw } from '../convert/otlp-convert';
import { MemorySpool, type RawOtlp } from '../spool/batch-spool';
import { Spool } from '../spool/spool';
import { SpoolFullError } from '../spool/spool-full-error';
import { SPOOL_NEAR_FULL } from './backlog';
import { BatchHub } from './batch-hub';

/** Stand-ins: the hub only counts them. */
const observations = (n: number) => Array.from({ length: n }, () => ({}) as Observation);
const logs = (n: number) => Array.from({ length: n }, () => ({}) as LogRecord);
const raw = (spans: number): RawOtlp => ({ format: 'json', path: 'POST /v1/traces', body: new Uint8Array(8), spans });

function consumer() {
  const batches: IngestBatch[] = [];
  const reports: Backlog[] = [];
  const notices: Notice[] = [];
  return {
    batches,
    reports,
    notices,
    last: () => reports.at(-1),
    send: (b: IngestBatch) => {
      batches.push(b);
    },
    notice: (n: Notice) => {
      notices.push(n);
    },
    backlog: (b: Backlog) => {
      reports.push(b);
    },
  };
}

/** A spool whose size the test sets, and that refuses appends while `full`. */
class SizedSpool extends MemorySpool {
  override bytesUsed = 0;
  override maxBytes = 1000;
  full = false;
  override appendRaw(receivedAt: number, source: string, body: RawOtlp): Promise<number> {
    if (this.full) return Promise.reject(new SpoolFullError(this.bytesUsed, this.maxBytes, 2));
    return super.appendRaw(receivedAt, source, body);
  }
}

const settle = () => vi.advanceTimersByTimeAsync(0);

/** Bodies become batches at once: what is tested is the counting, not the decoding. */
const convert: ConvertRaw = async (b) => ({ seq: b.seq, receivedAt: b.receivedAt, source: b.source, observations: [] });

describe('the backlog the hub reports', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // The clock is the fake one, passed in: throttling is measured in its time, never the machine's.
  const hubWith = (options: ConstructorParameters<typeof BatchHub>[0] = {}) =>
    new BatchHub({ now: () => Date.now(), backlogIntervalMs: 250, convert, ...options });

  it('counts the spans of each kind of batch, split into waiting and in flight, and the stored ones', async () => {
    const hub = hubWith({ window: 2 });
    await hub.pushRaw(raw(120), 'otlp-json /v1/traces');
    await hub.push(observations(7), 'langfuse ingestion');
    await hub.push([], 'otlp-json /v1/logs', { logs: logs(3) });
    await hub.push([], 'langfuse ingestion', { traces: [] });
    expect(hub.backlog).toMatchObject({ spans: 130, batches: 4, inFlightSpans: 0, inFlightBatches: 0, stored: 0 });

    const c = consumer();
    hub.attach(c);
    await settle();
    expect(hub.backlog).toMatchObject({ spans: 130, batches: 4, inFlightSpans: 127, inFlightBatches: 2 });
    hub.ack(1);
    await settle();
    expect(hub.backlog).toMatchObject({ spans: 10, batches: 3, inFlightSpans: 10, inFlightBatches: 2, stored: 120 });
    hub.nack(2, 'disk error');
    await settle();
    expect(hub.backlog).toMatchObject({ spans: 10, batches: 3, inFlightSpans: 3, inFlightBatches: 2 });
    expect(hub.backlog.spoolLimitBytes).toBeNull();
  });

  it('tells a link the backlog as it attaches', async () => {
    const hub = hubWith();
    await hub.pushRaw(raw(5), 's');
    await vi.advanceTimersByTimeAsync(1000);
    const c = consumer();
    hub.attach(c);
    expect(c.reports[0]).toMatchObject({ spans: 5, batches: 1 });
  });

  it('reports the first change at once and folds the rest of a burst into one report per interval', async () => {
    const hub = hubWith();
    const c = consumer();
    hub.attach(c);
    await vi.advanceTimersByTimeAsync(1000);
    c.reports.length = 0;
    for (let i = 0; i < 50; i++) await hub.pushRaw(raw(10), 's');
    await settle();
    // One report at once, counted when the delivery loop first rested (the hub converts ahead meanwhile, so how far
    // into the burst that is depends on the order of promise callbacks, not on time).
    expect(c.reports).toHaveLength(1);
    const first = c.reports[0]?.spans ?? 0;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(500);
    await vi.advanceTimersByTimeAsync(249);
    expect(c.reports).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(c.reports.map((r) => r.spans)).toEqual([first, 500]);
    // Nothing changed: nothing more is sent, however long it stays so.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(c.reports).toHaveLength(2);
    // The writer's window is 16 batches: the first sixteen are stored.
    for (const seq of c.batches.map((b) => b.seq)) hub.ack(seq);
    await vi.advanceTimersByTimeAsync(250);
    expect(c.last()).toMatchObject({ spans: 340, batches: 34, inFlightBatches: 16, stored: 160 });
  });

  it('counts again after a restart what the spool on disk holds, without decoding it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-backlog-'));
    try {
      const first = await Spool.open({ dir, maxBytes: 1024 ** 2 });
      const before = new BatchHub({ spool: first });
      await before.pushRaw(raw(40), 'otlp-json /v1/traces');
      await before.push(observations(2), 'langfuse ingestion', { logs: logs(1) });
      await before.pushRaw(raw(9), 'otlp-json /v1/traces');
      before.ack(3);
      await before.close();

      const spool = await Spool.open({ dir, maxBytes: 1024 ** 2 });
      const after = new BatchHub({ spool });
      expect(after.backlog).toMatchObject({ spans: 43, batches: 2, spoolLimitBytes: 1024 ** 2 });
      expect(after.backlog.spoolBytes).toBeGreaterThan(0);
      // The count travels beside the batch, not in it: what a writer gets is the batch as pushed.
      const read = await spool.read(2);
      expect(Object.keys(read).sort()).toEqual(['logs', 'observations', 'receivedAt', 'seq', 'source']);
      await after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the notices of a filling spool', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('warns once when nearly full, says once when full what senders get and what to do, and again after draining', async () => {
    const spool = new SizedSpool();
    const hub = new BatchHub({ spool, now: () => Date.now(), convert });
    const c = consumer();
    hub.attach(c);
    spool.bytesUsed = SPOOL_NEAR_FULL * 1000 - 1;
    await hub.pushRaw(raw(1), 's');
    await settle();
    expect(c.notices).toEqual([]);

    spool.bytesUsed = SPOOL_NEAR_FULL * 1000;
    for (let i = 0; i < 5; i++) await hub.pushRaw(raw(1), 's');
    await settle();
    expect(c.notices.map((n) => n.level)).toEqual(['warning']);
    expect(c.notices[0]?.message).toContain('80 % full');

    spool.bytesUsed = 1000;
    spool.full = true;
    for (let i = 0; i < 5; i++) await expect(hub.pushRaw(raw(1), 's')).rejects.toThrow(SpoolFullError);
    expect(c.notices.map((n) => n.level)).toEqual(['warning', 'error']);
    const full = c.notices[1]?.message ?? '';
    expect(full).toContain('is full');
    expect(full).toContain('senders get HTTP 503 (gRPC UNAVAILABLE) and retry');
    expect(full).toContain('drops the data once its retries run out');
    expect(full).toContain('Keep a Loupe window or page open');
    expect(full).toContain('--spool-max-bytes');

    // Still above the re-arm level: the same episode.
    spool.full = false;
    spool.bytesUsed = 700;
    await hub.pushRaw(raw(1), 's');
    await settle();
    expect(c.notices).toHaveLength(2);

    // Drained, then filling again: a new episode, told again.
    spool.bytesUsed = 100;
    spool.onSpaceFreed?.();
    spool.bytesUsed = 900;
    await hub.pushRaw(raw(1), 's');
    await settle();
    expect(c.notices.map((n) => n.level)).toEqual(['warning', 'error', 'warning']);
  });
});
