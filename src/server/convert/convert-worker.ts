import { parentPort, workerData } from 'node:worker_threads';
import { buildPriceTable, DEFAULT_PRICE_TABLE, type PriceTable } from '@core/cost/compute-cost';
import type { ConvertReply, ConvertRequest } from './convert-thread';
import { convertBody } from './otlp-convert';
import { answerScan, moving, SCAN_READY, SCAN_ROLE, type ScanRequest } from './scan-thread';

/**
 * The worker thread that decodes and maps spooled request bodies (built to out/main/convert-worker.js), so the main
 * process, which answers senders and feeds the store workers, never spends a batch's decoding time in one go. A
 * second thread of the same file checks received bodies before they are answered (`threadScanner`).
 */
let prices: PriceTable = DEFAULT_PRICE_TABLE;

parentPort?.on('message', (request: ConvertRequest | ScanRequest) => {
  if ('kind' in request) {
    const reply = answerScan(request);
    parentPort?.postMessage(reply, moving(reply.body));
    return;
  }
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

if (workerData === SCAN_ROLE) parentPort?.postMessage(SCAN_READY);
