import { describe, expect, it } from 'vitest';
import { mapSpan } from './map-span';
import { testSpan } from './test-span';

describe('OpenInference attributes', () => {
  it('maps an LLM span: kind, model, invocation parameters, token counts with details, JSON values', () => {
    const o = mapSpan(
      testSpan({
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini',
        'llm.invocation_parameters': '{"temperature":0.2}',
        'llm.token_count.prompt': 42,
        'llm.token_count.completion': 17,
        'llm.token_count.total': 59,
        'llm.token_count.prompt_details.cache_read': 10,
        'llm.token_count.completion_details.reasoning': 0,
        'input.value': '{"messages":[{"role":"user","content":"hi"}]}',
        'input.mime_type': 'application/json',
        'output.value': 'hello',
        'tag.tags': '["capture","openinference"]',
        metadata: '{"tenant":"acme"}',
        'llm.cost.total': 0.001,
      }),
    );
    expect(o).toMatchObject({
      type: 'GENERATION',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2 },
      usage: { input: 32, input_cached_tokens: 10, output: 17, total: 59 },
      cost: { total: 0.001 },
      input: { messages: [{ role: 'user', content: 'hi' }] },
      output: 'hello',
      metadata: { tenant: 'acme' },
    });
    expect(o.usage).not.toHaveProperty('output_reasoning_tokens');
    expect(o.trace.tags).toEqual(['capture', 'openinference']);
  });

  it('maps span kinds to types', () => {
    const cases: [string, string][] = [
      ['CHAIN', 'CHAIN'],
      ['RETRIEVER', 'RETRIEVER'],
      ['EMBEDDING', 'EMBEDDING'],
      ['AGENT', 'AGENT'],
      ['TOOL', 'TOOL'],
      ['GUARDRAIL', 'GUARDRAIL'],
      ['EVALUATOR', 'EVALUATOR'],
      ['RERANKER', 'SPAN'],
    ];
    for (const [kind, type] of cases) expect(mapSpan(testSpan({ 'openinference.span.kind': kind })).type).toBe(type);
  });

  it('reads the embedding model name', () => {
    expect(mapSpan(testSpan({ 'embedding.model_name': 'text-embedding-3-small' })).model).toBe(
      'text-embedding-3-small',
    );
  });
});
