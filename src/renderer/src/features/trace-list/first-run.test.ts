import type { Backlog } from '@core/wire/protocol';
import { describe, expect, it } from 'vitest';
import { tracesMayArrive } from './first-run';

const backlog = (spans: number): Backlog => ({
  spans,
  batches: spans > 0 ? 1 : 0,
  inFlightSpans: 0,
  inFlightBatches: 0,
  stored: 0,
  spoolBytes: 0,
  spoolLimitBytes: null,
});

describe('an empty store shows the first-run screen only when no trace is on its way', () => {
  it('keeps the list while the server holds spans for the store', () => {
    expect(tracesMayArrive({ backlog: backlog(20_480), status: 'connected', locked: null })).toBe(true);
  });

  it('keeps the list while the store link connects and the server has not said what waits', () => {
    expect(tracesMayArrive({ backlog: null, status: 'connecting', locked: null })).toBe(true);
  });

  it('shows the first-run screen once the server says nothing waits', () => {
    expect(tracesMayArrive({ backlog: backlog(0), status: 'connected', locked: null })).toBe(false);
  });

  it('shows the first-run screen when the page has no key, and so will not connect', () => {
    expect(tracesMayArrive({ backlog: null, status: 'connecting', locked: 'no key in the address' })).toBe(false);
  });

  it('shows the first-run screen, with how to connect, when the server cannot be reached', () => {
    expect(tracesMayArrive({ backlog: null, status: 'disconnected', locked: null })).toBe(false);
  });
});
