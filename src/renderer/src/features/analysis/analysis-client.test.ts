import type { Backlog } from '@core/wire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const started: string[] = [];

class FakeWorker {
  onmessage: unknown = null;
  onerror: unknown = null;
  constructor(url: URL) {
    started.push(String(url));
  }
  postMessage(): void {}
}

const backlog = (spans: number, batches: number): Backlog => ({
  spans,
  batches,
  inFlightSpans: 0,
  inFlightBatches: 0,
  stored: 0,
  spoolBytes: 0,
  spoolLimitBytes: null,
});

/** Fresh modules each time: the worker the client starts is held for the page's lifetime. */
async function load() {
  vi.resetModules();
  const { useConnectionStore } = await import('../../connection/connection-store');
  const set = (state: { status?: 'connecting' | 'connected'; backlog?: Backlog | null }) =>
    useConnectionStore.setState(state);
  set({ status: 'connecting', backlog: null });
  return { ...(await import('./analysis-client')), set };
}

describe('the analysis worker started ahead of the view', () => {
  let idle: (() => void)[];
  const whenIdle = (run: () => void) => idle.push(run);
  const runIdle = () => {
    for (const run of idle.splice(0)) run();
  };

  beforeEach(() => {
    started.length = 0;
    idle = [];
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('waits while the page is connecting and while a backlog is stored, then starts once the page is idle', async () => {
    const { prewarmAnalysisWhenQuiet, set } = await load();
    prewarmAnalysisWhenQuiet(whenIdle);
    expect(idle).toHaveLength(0);
    set({ status: 'connected', backlog: backlog(20_480, 40) });
    expect(idle).toHaveLength(0);
    set({ backlog: backlog(0, 0) });
    expect(idle).toHaveLength(1);
    expect(started).toHaveLength(0);
    runIdle();
    expect(started).toHaveLength(1);
    expect(started[0]).toContain('analysis.worker');
    // Once started, later backlogs change nothing.
    set({ backlog: backlog(20_480, 40) });
    set({ backlog: backlog(0, 0) });
    expect(idle).toHaveLength(0);
    expect(started).toHaveLength(1);
  });

  it('puts the start off again when a backlog began before the page was idle', async () => {
    const { prewarmAnalysisWhenQuiet, set } = await load();
    set({ status: 'connected', backlog: backlog(0, 0) });
    prewarmAnalysisWhenQuiet(whenIdle);
    expect(idle).toHaveLength(1);
    set({ backlog: backlog(20_480, 40) });
    runIdle();
    expect(started).toHaveLength(0);
    set({ backlog: backlog(0, 0) });
    runIdle();
    expect(started).toHaveLength(1);
  });

  it('starts nothing once given up, and the view still starts the worker when it asks', async () => {
    const { connectAnalysis, prewarmAnalysisWhenQuiet, set } = await load();
    const stop = prewarmAnalysisWhenQuiet(whenIdle);
    stop();
    set({ status: 'connected', backlog: backlog(0, 0) });
    runIdle();
    expect(started).toHaveLength(0);
    connectAnalysis(
      () => {},
      () => {},
    ).ask({} as never);
    expect(started).toHaveLength(1);
  });
});
