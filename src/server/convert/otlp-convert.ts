import { Buffer } from 'node:buffer';
import { mapSpans } from '@core/conventions/map-span';
import { DEFAULT_PRICE_TABLE, type PriceTable } from '@core/cost/compute-cost';
import { packObservation } from '@core/model/packed-values';
import type { Observation } from '@core/model/types';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { formatBytes, truncateLargeValues } from '@core/otlp/truncate';
import { validateSpans } from '@core/otlp/validate';
import { type BatchText, batchMessageText, type IngestBatch } from '@core/wire/protocol';
import { DEFAULT_LIMITS } from '../receiver/read-body';
import type { RawOtlp, RawOtlpBatch } from '../spool/batch-spool';
import { cpuLane } from './cpu-lane';

/**
 * The same bytes as a Buffer, without a copy. protobufjs reads strings with Node's own UTF-8 decoder only from a
 * Buffer; from a plain Uint8Array (what a body is after crossing to a worker thread) it decodes them in JavaScript,
 * which made decoding these prompt-sized attributes 4-5 times slower.
 */
export function asBuffer(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

export type ConvertNotice = (level: 'warning' | 'error', message: string) => void;

/**
 * Turns a spooled request body into the batch a writer stores, as objects or already as the text of its message.
 * Throws when the body does not decode.
 */
export type ConvertRaw = (batch: RawOtlpBatch, notice: ConvertNotice) => Promise<IngestBatch | BatchText>;

export interface ConvertOptions {
  /** The price table for computed cost, asked per batch: the user's prices may change. */
  prices?: () => PriceTable;
  /** Attribute values past this size are cut (the receiver's `maxValueBytes`). */
  maxValueBytes?: number;
}

/**
 * Decodes, keeps the spans the receiver accepted (it already told the sender about the others), cuts oversized
 * values and maps every span: the work the receiver leaves until after it has answered. An input or output an
 * attribute holds is left out (packed-values.ts): the store worker reads it back from the attribute. Each step takes
 * its own turn of the event loop, so a large batch never stalls sockets and timers for the sum of them.
 */
export function otlpConverter(options: ConvertOptions = {}): ConvertRaw {
  const maxValueBytes = options.maxValueBytes ?? DEFAULT_LIMITS.maxValueBytes;
  return async (batch, notice) => {
    const { format, path, body } = batch.raw;
    const spans = await cpuLane.run(() => decodeOtlpTraces(asBuffer(body), format));
    const { valid } = validateSpans(spans);
    const cut = truncateLargeValues(valid, maxValueBytes);
    noticeCut(cut, maxValueBytes, path, notice);
    const prices = options.prices?.() ?? DEFAULT_PRICE_TABLE;
    const observations = await cpuLane.run(() => mapSpans(valid, prices).map(packObservation));
    return { seq: batch.seq, receivedAt: batch.receivedAt, source: batch.source, observations };
  };
}

/**
 * The whole conversion in one call, for the worker thread: the observations (packed as `otlpConverter` packs them)
 * and how many values were cut.
 */
export function convertBody(
  format: RawOtlp['format'],
  body: Uint8Array,
  prices: PriceTable,
  maxValueBytes: number,
): { observations: Observation[]; cut: number } {
  const { valid } = validateSpans(decodeOtlpTraces(asBuffer(body), format));
  const cut = truncateLargeValues(valid, maxValueBytes);
  return { observations: mapSpans(valid, prices).map(packObservation), cut };
}

/** The batch of a converted body as the text of its message (`BatchText`), made where it was converted. */
export function convertedText(batch: RawOtlpBatch, observationsJson: string, count: number): BatchText {
  return { seq: batch.seq, source: batch.source, spans: count, text: batchMessageText(batch, observationsJson) };
}

/** Tells the user how many values of one request were cut (`what`: attribute values, or log record values). */
export function noticeCut(
  cut: number,
  maxValueBytes: number,
  path: string,
  notice: ConvertNotice,
  what = 'attribute value',
): void {
  if (cut === 0) return;
  notice(
    'warning',
    `${cut} ${what}${cut === 1 ? ' was' : 's were'} larger than ${formatBytes(maxValueBytes)} in ${path}; ` +
      'Loupe kept the start of each, marked "truncated by Loupe"',
  );
}
