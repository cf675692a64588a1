import { Worker } from 'node:worker_threads';
import { OtlpDecodeError } from '@core/otlp/decode';
import { type ScannedRequest, scanOtlpTraces } from '@core/otlp/scan';
import { GRPC, ReceiverError } from '../receiver/read-body';

/**
 * The receiver's check of a trace export body before it answers (`scanOtlpTraces`), maybe in another thread.
 * Resolves with the result and the body to keep using: the one passed in may have been moved to the thread while
 * it was checked, and this holds the same bytes. Throws OtlpDecodeError naming the problem, as the scan does.
 */
export type ScanTraces = (
  body: Uint8Array,
  format: 'json' | 'protobuf',
) => Promise<{ scanned: ScannedRequest; body: Uint8Array }>;

export interface ScanRequest {
  kind: 'scan';
  id: number;
  format: 'json' | 'protobuf';
  /** Moved to the thread, not copied, and moved back with the reply. */
  body: Uint8Array;
}

export type ScanReply = { id: number; body: Uint8Array } & (
  | { scanned: ScannedRequest }
  | { decodeError: string }
  | { error: string }
);

/** What a scan thread is started with, and what it posts once its code has loaded. */
export const SCAN_ROLE = 'scan';
export const SCAN_READY = 'scan-ready';

/** In the calling thread. */
export const scanHere: ScanTraces = async (body, format) => ({ scanned: scanOtlpTraces(body, format), body });

/** Below this size a body is scanned in the calling thread: the trip to the thread and back would cost more. */
export const SCAN_HERE_BELOW_BYTES = 64 * 1024;

/** The scan the thread runs for a request, and the reply it posts (with the body, to move back). */
export function answerScan(request: ScanRequest): ScanReply {
  const { id, body } = request;
  try {
    return { id, body, scanned: scanOtlpTraces(body, request.format) };
  } catch (error) {
    if (error instanceof OtlpDecodeError) return { id, body, decodeError: error.message };
    return { id, body, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `body` when it alone spans its memory (so moving that memory moves nothing else), else a copy that does. */
export function movable(body: Uint8Array): Uint8Array {
  const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
  return whole && body.buffer instanceof ArrayBuffer ? body : new Uint8Array(body);
}

/** What moves `body`'s memory in a postMessage. */
export const moving = (body: Uint8Array): ArrayBuffer[] => [body.buffer as ArrayBuffer];

interface Waiting {
  resolve: (reply: ScanReply) => void;
  reject: (error: Error) => void;
}

/**
 * Scans large request bodies in a worker thread (`workerPath`, the built convert-worker.js, started once for this
 * alone): while one body is checked, the receiver's thread goes on reading, writing and answering the others, and
 * the check of a body no longer waits behind the main thread's work for the rest. The body's memory moves to the
 * thread and back, no byte is copied (nothing else reads the body while it is checked). Should the thread fail to
 * start or stop, bodies are scanned in the calling thread from then on and `onProblem` is told once; a body the
 * thread held as it stopped is answered 503, which exporters retry.
 */
export function threadScanner(workerPath: string, onProblem?: (message: string) => void): ScanTraces {
  const waiting = new Map<number, Waiting>();
  /** The thread once it runs; null once it failed to start or stopped. */
  let ready: Promise<Worker | null> | null = null;
  let broken = false;
  let nextId = 1;

  const fail = (reason: string) => {
    if (broken) return;
    broken = true;
    ready = Promise.resolve(null);
    onProblem?.(`${reason}; Loupe checks received spans in its main thread instead, which may slow it down`);
    for (const w of waiting.values()) w.reject(new Error(reason));
    waiting.clear();
  };

  const start = (): Promise<Worker | null> =>
    new Promise((resolve) => {
      const started = new Worker(workerPath, { workerData: SCAN_ROLE });
      started.on('message', (reply: ScanReply | typeof SCAN_READY) => {
        if (reply === SCAN_READY) return resolve(started);
        const w = waiting.get(reply.id);
        waiting.delete(reply.id);
        w?.resolve(reply);
      });
      started.on('error', (error) => {
        fail(`the checking thread failed: ${error.message}`);
        resolve(null);
      });
      started.on('exit', (code) => {
        fail(`the checking thread stopped (exit code ${code})`);
        resolve(null);
      });
      // An idle thread must not keep a quitting process alive; after the listeners, which ref its port again.
      started.unref();
    });

  return async (body, format) => {
    if (broken || body.byteLength < SCAN_HERE_BELOW_BYTES) return scanHere(body, format);
    ready ??= start();
    // Bodies go to the thread only once its code has loaded: one that cannot start never holds a body.
    const target = await ready;
    if (!target) return scanHere(body, format);
    const sent = movable(body);
    const request: ScanRequest = { kind: 'scan', id: nextId++, format, body: sent };
    let reply: ScanReply;
    try {
      reply = await new Promise<ScanReply>((resolve, reject) => {
        waiting.set(request.id, { resolve, reject });
        target.postMessage(request, moving(sent));
      });
    } catch (error) {
      // The thread stopped while it held the body, which is gone with it: the sender is told to send it again.
      throw new ReceiverError(
        503,
        GRPC.UNAVAILABLE,
        `${(error as Error).message} while it checked this request; send it again`,
        {
          'retry-after': '1',
        },
      );
    }
    if ('scanned' in reply) return { scanned: reply.scanned, body: reply.body };
    if ('decodeError' in reply) throw new OtlpDecodeError(reply.decodeError);
    throw new Error(reply.error);
  };
}
