import type { Backlog } from '@core/wire/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { useConnectionStore } from './connection-store';
import {
  addSample,
  backlogLabel,
  backlogStatus,
  DRAIN_WINDOW_MS,
  drainRate,
  formatEta,
  KEEPING_UP_SPANS,
} from './drain';

const backlog = (over: Partial<Backlog>): Backlog => ({
  spans: 0,
  batches: 0,
  inFlightSpans: 0,
  inFlightBatches: 0,
  stored: 0,
  spoolBytes: 0,
  spoolLimitBytes: 1024 ** 3,
  ...over,
});

describe('the drain rate', () => {
  it('is the stored count over the sliding window, once the samples span a second', () => {
    let samples = addSample([], { at: 0, stored: 0 });
    samples = addSample(samples, { at: 500, stored: 100 });
    expect(drainRate(samples)).toBeNull();
    samples = addSample(samples, { at: 2000, stored: 400 });
    expect(drainRate(samples)).toBe(200);
  });

  it('forgets what is older than the window, keeping one sample at its start', () => {
    let samples = [{ at: 0, stored: 0 }];
    for (let at = 1000; at <= 30_000; at += 1000)
      samples = addSample(samples, { at, stored: at < 20_000 ? at : 20_000 });
    expect(samples[0]?.at).toBe(30_000 - DRAIN_WINDOW_MS);
    // Nothing stored in the last ten seconds: no rate, rather than a stale one.
    expect(drainRate(samples)).toBeNull();
  });

  it('starts again when the server restarted and counts from zero', () => {
    const samples = addSample(
      [
        { at: 0, stored: 5000 },
        { at: 2000, stored: 9000 },
      ],
      { at: 3000, stored: 10 },
    );
    expect(samples).toEqual([{ at: 3000, stored: 10 }]);
  });
});

describe('what the top bar says', () => {
  it('is Live when nothing waits, or only what a store that keeps up has on its way', () => {
    expect(backlogStatus(null, null, 0)).toBeNull();
    expect(backlogStatus(backlog({}), 100, 0)).toBeNull();
    expect(
      backlogStatus(backlog({ spans: 300, batches: 3, inFlightSpans: 300, inFlightBatches: 3 }), 100, 0),
    ).toBeNull();
    const big = backlog({
      spans: KEEPING_UP_SPANS + 1,
      batches: 1,
      inFlightSpans: KEEPING_UP_SPANS + 1,
      inFlightBatches: 1,
    });
    expect(backlogStatus(big, 100, 0)).not.toBeNull();
    expect(
      backlogStatus(backlog({ spans: 10, batches: 2, inFlightBatches: 1, inFlightSpans: 5 }), 100, 0),
    ).not.toBeNull();
  });

  it('estimates the time left from the rate, hides it until a rate is known, and shows progress since the start', () => {
    const b = backlog({ spans: 12_400, batches: 124, inFlightBatches: 8, inFlightSpans: 800, stored: 3100 });
    const unknown = backlogStatus(b, null, 0);
    expect(unknown && backlogLabel(unknown)).toBe('Storing 12,400 spans');
    expect(unknown?.showProgress).toBe(false);
    const known = backlogStatus(b, 310, 0);
    expect(known && backlogLabel(known)).toBe('Storing 12,400 spans · about 40 s');
    expect(known?.progress).toBeCloseTo(3100 / 15_500);
    expect(known?.showProgress).toBe(true);
    // Counted from when this backlog began, not from the server's start.
    expect(backlogStatus(b, 310, 3100)?.progress).toBe(0);
    // A backlog of a second's work ends before a bar could be read.
    expect(backlogStatus(b, 12_400, 0)?.showProgress).toBe(false);
  });

  it('rounds the estimate, and counts batches when they hold no spans', () => {
    expect([4, 42, 59, 61, 3000, 7200].map(formatEta)).toEqual([
      'a few seconds',
      'about 40 s',
      'about 60 s',
      'about 1 min',
      'about 50 min',
      'about 2 h',
    ]);
    const upserts = backlogStatus(backlog({ batches: 3 }), null, 0);
    expect(upserts && backlogLabel(upserts)).toBe('Storing 3 batches');
  });
});

describe('the connection store', () => {
  beforeEach(() => {
    useConnectionStore.setState({ backlog: null, drainSamples: [], drainRate: null, backlogStartStored: 0 });
  });

  it('measures the rate from the reports it gets, and where the current backlog began', () => {
    const { setBacklog } = useConnectionStore.getState();
    setBacklog(backlog({ stored: 1000 }), 0);
    setBacklog(backlog({ spans: 5000, batches: 50, stored: 1000 }), 100);
    expect(useConnectionStore.getState().backlogStartStored).toBe(1000);
    setBacklog(backlog({ spans: 4000, batches: 40, stored: 2000 }), 1100);
    setBacklog(backlog({ spans: 3000, batches: 30, stored: 3000 }), 2100);
    const s = useConnectionStore.getState();
    expect(s.drainRate).toBeCloseTo(2000 / 2.1);
    expect(s.backlogStartStored).toBe(1000);
    expect(backlogStatus(s.backlog, s.drainRate, s.backlogStartStored)?.progress).toBeCloseTo(2000 / 5000);
    // Drained, then a new burst: its progress counts from its own start.
    setBacklog(backlog({ stored: 6000 }), 4000);
    setBacklog(backlog({ spans: 800, batches: 8, stored: 6000 }), 4100);
    expect(useConnectionStore.getState().backlogStartStored).toBe(6000);
  });
});
