import { randomBytes } from 'node:crypto';
import { buildSampleTrace } from '@core/commands/sample-trace';
import type { Credentials } from '../settings/credentials';

/**
 * Sends the self-test trace to Loupe's own OTLP endpoint over loopback, with the configured keys, so it takes the
 * path a real SDK's trace takes (receiver, spool, mapping, store worker, store).
 */
export async function sendSampleTrace(endpoint: string | null, keys: Credentials | null): Promise<{ traceId: string }> {
  if (!endpoint)
    throw new Error('the receiver is not running, so there is nowhere to send a test trace (see the notices)');
  const { traceId, body } = buildSampleTrace(Date.now(), (n) => randomBytes(n).toString('hex'));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (keys) headers.authorization = `Basic ${Buffer.from(`${keys.publicKey}:${keys.secretKey}`).toString('base64')}`;
  const response = await fetch(`${endpoint}/v1/traces`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok)
    throw new Error(`the receiver answered ${response.status} to the test trace: ${await response.text()}`);
  return { traceId };
}
