import type { AgentQueryOp, AgentQueryOps } from '@core/mcp/agent-queries';
import type { ServerMessage } from '@core/wire/protocol';

/**
 * The MCP server's questions go to a store writer, which answers from IndexedDB (ADR 0015): the server holds no copy
 * of the data, so an agent reads exactly what the views show. Questions go to the first connected writer, the one the
 * hub feeds (headless tabs of one browser profile share its store; another profile's tab would answer from another
 * store, so the choice follows the batches).
 */

/** What this needs of a store link: the same transport the batches use. */
export interface QueryTransport {
  post(message: ServerMessage): void;
  isOpen(): boolean;
}

/** No window or page is connected, so nothing can read the store. */
export class NoStoreError extends Error {
  constructor() {
    super(
      "Loupe has no window open to read its traces from: open Loupe's window (or the page printed by npm run serve) so your agent can read its traces",
    );
  }
}

/** The store answered that it cannot answer as asked (an unknown id, a bad argument): its message says what to do. */
export class StoreAnswerError extends Error {}

/** A page that does not answer within this long is taken to be stuck (a frozen tab); the agent may ask again. */
const ANSWER_TIMEOUT_MS = 60_000;

interface Pending {
  transport: QueryTransport;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface QueryLink {
  /** An `answer` message from the writer. */
  answer(id: number, outcome: { result: unknown } | { error: string }): void;
  /** The writer is gone: its unanswered questions fail with a message saying to ask again. */
  detach(): void;
}

export class StoreQueries {
  private readonly transports: QueryTransport[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly timeoutMs = ANSWER_TIMEOUT_MS) {}

  /** Whether a writer is connected that could answer now. */
  get connected(): boolean {
    return this.transports.some((t) => t.isOpen());
  }

  attach(transport: QueryTransport): QueryLink {
    this.transports.push(transport);
    return {
      answer: (id, outcome) => {
        const entry = this.pending.get(id);
        // Only the writer asked may answer: another connection cannot slip in an answer for someone else's question.
        if (!entry || entry.transport !== transport) return;
        this.settle(id, entry);
        if ('error' in outcome) entry.reject(new StoreAnswerError(outcome.error));
        else entry.resolve(outcome.result);
      },
      detach: () => {
        const at = this.transports.indexOf(transport);
        if (at >= 0) this.transports.splice(at, 1);
        for (const [id, entry] of [...this.pending]) {
          if (entry.transport !== transport) continue;
          this.settle(id, entry);
          entry.reject(new Error("Loupe's window closed or reloaded while it was answering: ask again"));
        }
      },
    };
  }

  /** Asks the first connected writer; rejects with NoStoreError when none is, StoreAnswerError when it cannot answer. */
  ask<K extends AgentQueryOp>(op: K, arg: AgentQueryOps[K]['arg']): Promise<AgentQueryOps[K]['result']> {
    const transport = this.transports.find((t) => t.isOpen());
    if (!transport) return Promise.reject(new NoStoreError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const entry = this.pending.get(id);
        if (!entry) return;
        this.settle(id, entry);
        reject(
          new Error(
            `Loupe's window did not answer within ${this.timeoutMs / 1000} s (it may be busy storing a backlog): ask again in a moment`,
          ),
        );
      }, this.timeoutMs);
      timer.unref?.();
      this.pending.set(id, { transport, resolve: resolve as (r: unknown) => void, reject, timer });
      try {
        transport.post({ type: 'query', id, op, arg });
      } catch {
        const entry = this.pending.get(id);
        if (entry) this.settle(id, entry);
        reject(new NoStoreError());
      }
    });
  }

  private settle(id: number, entry: Pending): void {
    clearTimeout(entry.timer);
    this.pending.delete(id);
  }
}
