import { Worker } from 'node:worker_threads';
import type { ModelPrice } from '@core/cost/price-types';
import { DEFAULT_LIMITS } from '../receiver/read-body';
import type { RawOtlp } from '../spool/batch-spool';
import { type ConvertOptions, type ConvertRaw, convertedText, noticeCut, otlpConverter } from './otlp-convert';

export interface ConvertRequest {
  id: number;
  format: RawOtlp['format'];
  body: Uint8Array;
  maxValueBytes: number;
  /** The price entries, sent only when they changed since the last request. */
  prices?: readonly ModelPrice[];
}

/** The observations come back as their JSON text: one string to copy, and the text the writer is sent. */
export type ConvertReply = { id: number; json: string; count: number; cut: number } | { id: number; error: string };

interface Waiting {
  resolve: (reply: ConvertReply) => void;
  reject: (error: Error) => void;
}

/**
 * Converts spooled bodies in a worker thread (`workerPath`, the built convert-worker.js): decoding, mapping and
 * serializing a large batch then cost the main process only the copy of one string, which it sends on as it is.
 * Should the thread fail to start or die, conversion goes on in the main process (in event-loop-sized steps) and the
 * problem is told once.
 */
export function threadConverter(workerPath: string, options: ConvertOptions = {}): ConvertRaw {
  const maxValueBytes = options.maxValueBytes ?? DEFAULT_LIMITS.maxValueBytes;
  const inProcess = otlpConverter(options);
  const waiting = new Map<number, Waiting>();
  let worker: Worker | null = null;
  let broken: string | null = null;
  let told = false;
  let nextId = 1;
  let sentPrices: readonly ModelPrice[] | null = null;

  const fail = (reason: string) => {
    broken = reason;
    worker = null;
    for (const w of waiting.values()) w.reject(new Error(reason));
    waiting.clear();
  };

  const start = (): Worker => {
    const started = new Worker(workerPath);
    started.on('message', (reply: ConvertReply) => {
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      w?.resolve(reply);
    });
    started.on('error', (error) => fail(`the decoding thread failed: ${error.message}`));
    started.on('exit', (code) => {
      if (worker === started) fail(`the decoding thread stopped (exit code ${code})`);
    });
    // An idle thread must not keep a quitting process alive (one whose port was taken, with a spooled backlog that
    // is converted ahead). After the listeners: adding a 'message' listener refs the thread's port again.
    started.unref();
    sentPrices = null;
    return started;
  };

  return async (batch, notice) => {
    if (broken === null) {
      try {
        worker ??= start();
        const table = options.prices?.();
        const request: ConvertRequest = {
          id: nextId++,
          format: batch.raw.format,
          body: batch.raw.body,
          maxValueBytes,
        };
        if (table && table.entries !== sentPrices) {
          request.prices = table.entries;
          sentPrices = table.entries;
        }
        const target = worker;
        const reply = await new Promise<ConvertReply>((resolve, reject) => {
          waiting.set(request.id, { resolve, reject });
          // The body is copied, not transferred: the spool's cache and the forwarder still hold it.
          target.postMessage(request);
        });
        if ('error' in reply) throw new Error(reply.error);
        noticeCut(reply.cut, maxValueBytes, batch.raw.path, notice);
        return convertedText(batch, reply.json, reply.count);
      } catch (error) {
        if (broken === null) throw error;
      }
    }
    if (!told) {
      told = true;
      notice('warning', `${broken}; Loupe decodes received spans in its main process instead, which may slow it down`);
    }
    return inProcess(batch, notice);
  };
}
