import { parentPort } from 'node:worker_threads';
import { buildPriceTable, DEFAULT_PRICE_TABLE, type PriceTable } from '@core/cost/compute-cost';
import type { ConvertReply, ConvertRequest } from './convert-thread';
import { convertBody } from './otlp-convert';

/**
 * The worker thread that decodes and maps spooled request bodies (built to out/main/convert-worker.js), so the main
 * process, which answers senders and feeds the store workers, never spends a batch's decoding time in one go.
 */
let prices: PriceTable = DEFAULT_PRICE_TABLE;

parentPort?.on('message', (request: ConvertRequest) => {
  if (request.prices) prices = buildPriceTable(request.prices);
  let reply: ConvertReply;
  try {
    const { observations, cut } = convertBody(request.format, request.body, prices, request.maxValueBytes);
    reply = { id: request.id, json: JSON.stringify(observations), count: observations.length, cut };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
