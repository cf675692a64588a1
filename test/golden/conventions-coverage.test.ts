import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AttrValue, OtlpSpan } from '@core/model/types';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { decodeOtlpLogs } from '@core/otlp/decode-logs';
import { describe, expect, it } from 'vitest';
import { fixtureFolders, fixtureFormat, logFixtures, repoRoot, traceFixtures } from './fixtures';

/**
 * Every attribute key, event name and operation id that CONVENTIONS.md and docs/conventions.md (what the
 * repository's own captures showed, SDK by SDK) list must be exercised by a mapping test: written in a unit test of
 * the mapping (src/core/conventions, messages, cost, trace; test/golden) or present in a real SDK payload the golden
 * tests map. Keys Loupe deliberately does not interpret are listed below with why.
 */

const conventionsPath = resolve(repoRoot, '..', 'shared', 'CONVENTIONS.md');
const sdkNotesPath = resolve(repoRoot, 'docs', 'conventions.md');

/** Listed in CONVENTIONS.md or docs/conventions.md, deliberately not read by the mapping. */
const NOT_INTERPRETED: Readonly<Record<string, string>> = {
  'anthropic.content.truncated': 'a flag that the SDK cut content to its size cap: the content shows as it came',
  'anthropic.usage.compaction.input_tokens': 'compaction iterations, outside input_tokens: no capture has one yet',
  'anthropic.usage.compaction.output_tokens': 'compaction iterations, outside output_tokens: no capture has one yet',
  'http.request.resend_count': 'retries of one call: shown raw, the call counts once',
};

/** Namespaces a key can start with; a backticked word after one of these and `/` or `,` is a sibling, not a key. */
const ROOTS =
  /^(ai|gen_ai|llm|langfuse|openinference|traceloop|logfire|mlflow|pydantic_ai|mastra|tag|user|session|service|deployment|operation|input|output)\./;

/** Text between two backticked tokens that makes the second a sibling of the first: `a.b.c` / `d`. */
const SIBLING = /^\s*(\/|\(old:|\(ai 5\) or)\s*$/;

/** Keys as CONVENTIONS.md writes them, expanded: siblings resolved, `{a,b}` and `a/b` alternatives split. */
function listedKeys(markdown: string): string[] {
  const tokens = [...markdown.matchAll(/`([^`\n]+)`/g)];
  const keys = new Set<string>();
  // The prefix siblings share: `langfuse.trace.` for `langfuse.trace.name`, `.input`, `.output`.
  let base: string | null = null;
  let end = 0;
  for (const m of tokens) {
    let token = m[1] as string;
    const between = markdown.slice(end, m.index);
    end = (m.index as number) + m[0].length;
    // `(legacy `langfuse.tags`)` inside a list of siblings does not start a new list.
    const aside = markdown[end] === ')';
    if (/[\s"{}:]/.test(token.replace(/\{[a-z,]+\}/g, ''))) {
      base = null;
      continue;
    }
    const sibling = base !== null && !ROOTS.test(token) && (token.startsWith('.') || SIBLING.test(between));
    if (sibling) token = base + token.replace(/^\./, '');
    if (!token.includes('.') || token.startsWith('/') || token.startsWith('.')) {
      base = null;
      continue;
    }
    if (!sibling && !aside) base = token.slice(0, token.lastIndexOf('.') + 1);
    for (const key of expand(token)) keys.add(key);
  }
  return [...keys].sort();
}

function expand(token: string): string[] {
  const brace = /\{([^}]+)\}/.exec(token);
  if (brace) return brace[1]?.split(',').flatMap((alt) => expand(token.replace(brace[0], alt))) ?? [];
  // `metadata[.<k>]`: the key with and without the optional part.
  const optional = /\[([^\]]+)\]/.exec(token);
  if (optional) return [token.replace(optional[0], ''), token.replace(optional[0], optional[1] as string)];
  const slash = token.indexOf('/');
  if (slash > 0) {
    const first = token.slice(0, slash);
    const second = token.slice(slash + 1);
    // `mlflow.spanInputs/Outputs` replaces the capitalised word; `a.input/output` the last segment.
    const cut = /^[A-Z]/.test(second) ? first.search(/[A-Z][a-z]*$/) : first.lastIndexOf('.') + 1;
    return [first, first.slice(0, cut) + second];
  }
  return [token];
}

/** A listed key as a pattern: `N`, `M` are indexes, `*` and `<k>` any rest. */
function pattern(key: string): RegExp {
  const source = key
    .split(/(\.N\.|\.M\.|\*|<k>)/)
    .map((part) => {
      if (part === '.N.' || part === '.M.') return '\\.\\d+\\.';
      if (part === '*') return '[A-Za-z0-9_.]+';
      if (part === '<k>') return '[A-Za-z0-9_.]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // Keys inside an indexed message (`tool_calls.M...`) follow its prefix; the others stand alone.
  const left = key.startsWith('tool_calls.') ? '(^|[^A-Za-z0-9_])' : '(^|[^A-Za-z0-9_.])';
  return new RegExp(`${left}${source}($|[^A-Za-z0-9_])`);
}

function testSources(): string {
  const dirs = [
    'src/core/conventions',
    'src/core/logs',
    'src/core/messages',
    'src/core/cost',
    'src/core/trace',
    'test/golden',
  ];
  const texts: string[] = [];
  for (const dir of dirs) {
    const abs = resolve(repoRoot, dir);
    for (const file of readdirSync(abs)) {
      if (file.endsWith('.test.ts') && file !== 'conventions-coverage.test.ts') {
        texts.push(readFileSync(resolve(abs, file), 'utf8'));
      }
    }
  }
  return texts.join('\n');
}

/**
 * Attribute keys, event names and short string values of every span and log record the golden tests map (a record's
 * body keys too: GenAI events carry their message there), one per line.
 */
function fixtureVocabulary(): string {
  const words = new Set<string>();
  const value = (v: AttrValue) => {
    if (typeof v === 'string' && v.length < 200) words.add(v);
  };
  const visit = (span: OtlpSpan) => {
    for (const [k, v] of Object.entries(span.attributes)) {
      words.add(k);
      value(v);
    }
    for (const k of Object.keys(span.resource)) words.add(k);
    for (const e of span.events) {
      words.add(e.name);
      for (const k of Object.keys(e.attributes)) words.add(k);
    }
  };
  for (const folder of fixtureFolders()) {
    for (const f of traceFixtures(folder))
      for (const span of decodeOtlpTraces(f.body, fixtureFormat(f.meta))) visit(span);
    for (const f of logFixtures(folder)) {
      for (const r of decodeOtlpLogs(f.body, fixtureFormat(f.meta))) {
        if (r.eventName) words.add(r.eventName);
        for (const [k, v] of Object.entries(r.attributes)) {
          words.add(k);
          value(v);
        }
        if (r.body !== null && typeof r.body === 'object' && !Array.isArray(r.body))
          for (const k of Object.keys(r.body)) words.add(k);
      }
    }
  }
  return [...words].join('\n');
}

describe('CONVENTIONS.md coverage', () => {
  it('finds the document and expands its key notations', () => {
    expect(existsSync(conventionsPath), `${conventionsPath} is missing; the tests read it beside the repository`).toBe(
      true,
    );
    const keys = listedKeys(
      '`langfuse.trace.name`, `.tags` (legacy `langfuse.tags`), `.metadata[.<k>]` · `ai.usage.promptTokens` / ' +
        '`completionTokens` (ai 5) or `*TokenDetails.*` · `llm.token_count.prompt` / `a_details.*` / `b_details.*` · ' +
        '`mlflow.spanInputs/Outputs` · `gen_ai.{user,tool}.message` · `{"a": 1}` · `x.y/z`, `model`',
    );
    expect(keys).toEqual([
      'ai.usage.*TokenDetails.*',
      'ai.usage.completionTokens',
      'ai.usage.promptTokens',
      'gen_ai.tool.message',
      'gen_ai.user.message',
      'langfuse.tags',
      'langfuse.trace.metadata',
      'langfuse.trace.metadata.<k>',
      'langfuse.trace.name',
      'langfuse.trace.tags',
      'llm.token_count.a_details.*',
      'llm.token_count.b_details.*',
      'llm.token_count.prompt',
      'mlflow.spanInputs',
      'mlflow.spanOutputs',
      'x.y',
      'x.z',
    ]);
  });

  it('has a mapping test or a real payload for every key it lists', () => {
    const listed = listedKeys(readFileSync(conventionsPath, 'utf8'));
    expect(listed.length).toBeGreaterThan(100);
    listed.push(...listedKeys(readFileSync(sdkNotesPath, 'utf8')).filter((key) => !listed.includes(key)));
    const corpus = `${testSources()}\n${fixtureVocabulary()}`;
    const uncovered = listed.filter((key) => !(key in NOT_INTERPRETED) && !pattern(key).test(corpus));
    expect(uncovered, `keys of CONVENTIONS.md that no mapping test uses: ${uncovered.join(', ')}`).toEqual([]);
    const stale = Object.keys(NOT_INTERPRETED).filter((key) => !listed.includes(key));
    expect(stale, 'exclusions no longer listed in CONVENTIONS.md').toEqual([]);
  });
});
