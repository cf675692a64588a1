import 'fake-indexeddb/auto';
import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mapSpans } from '@core/conventions/map-span';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { IPC } from '@core/wire/ipc-channels';
import type { IngestBatch } from '@core/wire/protocol';
import { describe, expect, it, vi } from 'vitest';
import { openDb } from '../renderer/src/store/db';

const electron = vi.hoisted(() => {
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const ipcRenderer = Object.assign(new Emitter(), {
    sent: [] as unknown[][],
    send(channel: string, ...args: unknown[]) {
      ipcRenderer.sent.push([channel, ...args]);
    },
    invoke: async () => null,
  });
  return { ipcRenderer, exposed: new Map<string, unknown>() };
});

vi.mock('electron', () => ({
  ipcRenderer: electron.ipcRenderer,
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
}));

const fixtures = resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'otlp');

describe('preload entry', () => {
  it('exposes only the API functions, says ready, and stores batches in IndexedDB before acking', async () => {
    await import('./index');
    const api = electron.exposed.get('loupe') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([
      'getServerInfo',
      'onMenuCommand',
      'onNotice',
      'onStored',
      'reportErrorTraces',
      'runCommand',
    ]);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(electron.ipcRenderer.sent).toEqual([[IPC.ready]]);

    const body = readFileSync(resolve(fixtures, 'otel-json', '001.body'));
    const observations = mapSpans(decodeOtlpTraces(body, 'json'));
    const batch: IngestBatch = { seq: 7, receivedAt: Date.now(), source: 'otlp-json /v1/traces', observations };
    const stored = new Promise<string[]>((done) => (api.onStored as (cb: (ids: string[]) => void) => void)(done));
    (electron.ipcRenderer as EventEmitter).emit(IPC.batch, {}, batch);
    const traceIds = await stored;

    expect(electron.ipcRenderer.sent).toEqual([[IPC.ready], [IPC.ack, 7]]);
    expect(traceIds.sort()).toEqual([...new Set(observations.map((o) => o.traceId))].sort());
    const db = openDb();
    expect(await db.observations.count()).toBe(observations.length);
    db.close();
  });
});
