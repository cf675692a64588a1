import { describe, expect, it } from 'vitest';
import { mapSpan } from '../conventions/map-span';
import { testSpan } from '../conventions/test-span';
import type { TraceBody } from '../model/types';
import { mergeTraceBody } from './merge';

/** The root observation's own metadata reaches the trace; metadata a span states for the trace wins, in any order. */
describe('trace metadata', () => {
  const root = mapSpan(
    testSpan(
      { 'langfuse.observation.metadata.source': 'API', 'langfuse.observation.metadata.plan': 'root' },
      { parentSpanId: null, spanId: 'aaaaaaaaaaaaaaaa' },
    ),
  );
  const child = mapSpan(testSpan({ 'langfuse.trace.metadata.plan': 'premium' }, { parentSpanId: 'aaaaaaaaaaaaaaaa' }));

  const merged = (order: (typeof root)[]) =>
    order.reduce<TraceBody | undefined>((b, o) => mergeTraceBody(b, o), undefined);

  it('takes the root observation metadata', () => {
    expect(merged([root])?.metadata).toEqual({ source: 'API', plan: 'root' });
  });

  it('keeps stated trace metadata over the root’s, whichever arrives first', () => {
    expect(merged([root, child])?.metadata).toEqual({ source: 'API', plan: 'premium' });
    expect(merged([child, root])?.metadata).toEqual({ source: 'API', plan: 'premium' });
  });

  it('takes nothing from a child observation’s own metadata', () => {
    const other = mapSpan(testSpan({ 'langfuse.observation.metadata.step': '2' }));
    expect(merged([other])?.metadata).toEqual({});
  });
});
