import { describe, expect, it } from 'vitest';
import { batchMessageText, type IngestBatch, toBatchText } from './protocol';

describe('a batch as the text of its message', () => {
  const batch: IngestBatch = {
    seq: 42,
    receivedAt: 1_796_000_000_123,
    source: 'otlp-json POST /v1/traces "quoted" \u2028',
    observations: [{ id: 'a', name: 'chat "gpt-4o"', input: null } as never, { id: 'b' } as never],
  };

  it('is what JSON.stringify makes of the message, from the observations as text', () => {
    const text = batchMessageText(batch, JSON.stringify(batch.observations));
    expect(text).toBe(JSON.stringify({ type: 'batch', batch }));
    expect(JSON.parse(text)).toEqual({ type: 'batch', batch });
  });

  it('is made for any batch, and counts its observations', () => {
    const withScores: IngestBatch = { ...batch, scores: [{ id: 's' } as never] };
    const made = toBatchText(withScores);
    expect(made).toMatchObject({ seq: 42, source: batch.source, spans: 2 });
    expect(JSON.parse(made.text)).toEqual({ type: 'batch', batch: withScores });
    expect(toBatchText(made)).toBe(made);
  });
});
