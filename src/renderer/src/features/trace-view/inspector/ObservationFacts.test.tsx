import { mapSpan } from '@core/conventions/map-span';
import { testSpan } from '@core/conventions/test-span';
import { splitObservation } from '@core/model/types';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ObservationFacts, ObservationHeadFacts } from './ObservationFacts';

/** The facts as a reader sees them, rendered from rows the mapping makes of Langfuse SDK spans. */
function facts(attributes: Record<string, string>): string {
  const { row } = splitObservation(mapSpan(testSpan({ 'langfuse.observation.type': 'generation', ...attributes })));
  return renderToString(<ObservationFacts row={row} />) + renderToString(<ObservationHeadFacts row={row} />);
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('ObservationFacts', () => {
  it('marks inferred usage and its cost', () => {
    const html = facts({
      'langfuse.observation.model.name': 'gpt-4',
      'langfuse.observation.input': '[{"role":"user","content":"Capital of France?"}]',
      'langfuse.observation.output': '{"content":"Paris."}',
    });
    expect(html.match(/data-testid="inferred-mark"/g)).toHaveLength(2);
    expect(text(html)).toContain('input 11');
    expect(html).toContain('with cl100k_base');
  });

  it('says which usage keys were normalized', () => {
    const html = facts({
      'langfuse.observation.model.name': 'gpt-5-mini',
      'langfuse.observation.usage_details': '{"input_tokens": 5, "output_tokens": 50}',
    });
    expect(text(html)).toContain('normalized from `input_tokens`, `output_tokens`');
    expect(html).not.toContain('inferred-mark');
  });

  it('says why a Claude call without usage has no inferred usage', () => {
    const html = facts({ 'langfuse.observation.model.name': 'claude-sonnet-4-5', 'langfuse.observation.input': 'hi' });
    expect(text(html)).toContain('not inferred: no maintained tokenizer counts Claude 3+ tokens locally');
  });

  it('shows version, user and session in the facts and the header', () => {
    const html = facts({ 'langfuse.version': '1.0', 'user.id': 'user_123', 'session.id': 'session_abc' });
    expect(html).toContain('data-testid="inspector-version"');
    expect(text(html)).toContain('version 1.0');
    expect(text(html)).toContain('user user_123');
    expect(text(html)).toContain('session session_abc');
  });
});
