import type { BatchText, ServerMessage } from '@core/wire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchHub } from '../hub/batch-hub';
import { attachStoreLink } from '../hub/store-link';
import { NoStoreError, StoreAnswerError, StoreQueries } from './store-queries';

/** A store writer's connection that records what the server posts. */
function writer() {
  const posted: ServerMessage[] = [];
  let open = true;
  return {
    posted,
    transport: {
      post: (m: ServerMessage) => posted.push(m),
      postBatch: (b: BatchText) => posted.push(JSON.parse(b.text) as ServerMessage),
      isOpen: () => open,
    },
    queries: () => posted.filter((m): m is Extract<ServerMessage, { type: 'query' }> => m.type === 'query'),
    close: () => {
      open = false;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('StoreQueries over the store link', () => {
  it('asks the first connected writer and resolves with its answer', async () => {
    const hub = new BatchHub();
    const queries = new StoreQueries();
    const first = writer();
    const second = writer();
    const link = attachStoreLink(hub, first.transport, null, queries);
    attachStoreLink(hub, second.transport, null, queries);
    const asked = queries.ask('getTrace', { traceId: 't' });
    const [query] = first.queries();
    expect(query).toMatchObject({ op: 'getTrace', arg: { traceId: 't' } });
    expect(second.queries()).toEqual([]);
    link.receive(JSON.stringify({ type: 'answer', id: query?.id, result: { ok: 1 } }));
    await expect(asked).resolves.toEqual({ ok: 1 });
  });

  it("rejects with the store's message when it cannot answer, and ignores an answer from a writer not asked", async () => {
    const hub = new BatchHub();
    const queries = new StoreQueries();
    const asked = writer();
    const other = writer();
    const askedLink = attachStoreLink(hub, asked.transport, null, queries);
    const otherLink = attachStoreLink(hub, other.transport, null, queries);
    const question = queries.ask('getTrace', { traceId: 'x' });
    const id = asked.queries()[0]?.id;
    otherLink.receive({ type: 'answer', id, result: 'forged' });
    askedLink.receive({ type: 'answer', id, error: 'no trace with id "x" is stored' });
    await expect(question).rejects.toThrow(StoreAnswerError);
    await expect(question).rejects.toThrow('no trace with id "x" is stored');
  });

  it('says to open a window when no writer is connected, and fails what a writer that left had not answered', async () => {
    const hub = new BatchHub();
    const queries = new StoreQueries();
    await expect(queries.ask('lastFailure', {})).rejects.toThrow(NoStoreError);
    await expect(queries.ask('lastFailure', {})).rejects.toThrow(
      "open Loupe's window (or the page printed by npm run serve)",
    );
    const w = writer();
    const link = attachStoreLink(hub, w.transport, null, queries);
    const pending = queries.ask('lastFailure', {});
    link.detach();
    await expect(pending).rejects.toThrow('closed or reloaded while it was answering: ask again');
    expect(queries.connected).toBe(false);
  });

  it('gives up on a writer that does not answer, saying to ask again', async () => {
    vi.useFakeTimers();
    const queries = new StoreQueries(5_000);
    attachStoreLink(new BatchHub(), writer().transport, null, queries);
    const pending = queries.ask('listTraces', {});
    const failed = expect(pending).rejects.toThrow('did not answer within 5 s');
    await vi.advanceTimersByTimeAsync(5_000);
    await failed;
  });
});
