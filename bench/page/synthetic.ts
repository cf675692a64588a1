import type { Observation, ObservationType } from '@core/model/types';

/**
 * Synthetic but realistic observations: agents, chain steps, model calls with model, tokens, cost and a chat
 * prompt and completion of about 1 KB, tool calls with small arguments and results. Deterministic for a seed.
 */

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.5-flash'];
const TOOLS = ['search_docs', 'read_file', 'run_sql', 'fetch_url', 'calculator', 'send_email'];
const PROMPT = 'You are a careful assistant. Answer from the retrieved documents only, and cite them by number. ';

function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

export function base(traceId: string, id: string, parentId: string | null, type: ObservationType): Observation {
  return {
    traceId,
    id,
    parentId,
    isRoot: parentId === null,
    type,
    name: type.toLowerCase(),
    startTime: 0,
    endTime: 0,
    completionStartTime: null,
    level: 'DEFAULT',
    statusMessage: null,
    model: null,
    modelParameters: null,
    usage: {},
    cost: {},
    promptName: null,
    promptVersion: null,
    environment: 'production',
    serviceName: 'support-agent',
    input: null,
    output: null,
    metadata: {},
    attributes: {},
    resource: { 'service.name': 'support-agent' },
    scope: { name: 'bench', version: null },
    events: [],
    links: [],
    trace: {},
  };
}

export interface Shaper {
  rnd: () => number;
  next: () => string;
}

export function shaper(seed: number): Shaper {
  let n = 0;
  return { rnd: random(seed), next: () => (++n).toString(16).padStart(16, '0') };
}

/** A model call of ~1 KB of messages (a share of them with bodies) and its tokens and cost. */
export function generation(s: Shaper, traceId: string, parentId: string, start: number, withBody: boolean) {
  const o = base(traceId, s.next(), parentId, 'GENERATION');
  const model = MODELS[Math.floor(s.rnd() * MODELS.length)] as string;
  const input = 200 + Math.floor(s.rnd() * 3000);
  const output = 20 + Math.floor(s.rnd() * 600);
  const duration = 300 + s.rnd() * 4000;
  o.name = 'chat';
  o.model = model;
  o.modelParameters = { temperature: 0.2, max_tokens: 1024 };
  o.startTime = start;
  o.completionStartTime = start + duration * 0.2;
  o.endTime = start + duration;
  o.usage = { input, output, total: input + output };
  o.cost = { input: input * 2.5e-6, output: output * 1e-5, total: input * 2.5e-6 + output * 1e-5 };
  o.costSource = 'computed';
  if (s.rnd() < 0.02) {
    o.level = 'ERROR';
    o.statusMessage = 'rate limited (429)';
  }
  if (withBody) {
    o.input = [
      { role: 'system', content: PROMPT.repeat(3) },
      { role: 'user', content: `Question ${o.id}: how do I rotate the API keys of project ${traceId.slice(0, 6)}?` },
      { role: 'assistant', content: PROMPT.repeat(2) },
    ];
    o.output = { role: 'assistant', content: `${PROMPT.repeat(2)}[1][2]` };
    o.attributes = { 'gen_ai.request.model': model, 'gen_ai.usage.input_tokens': input };
  }
  return o;
}

export function tool(s: Shaper, traceId: string, parentId: string, start: number, withBody: boolean) {
  const o = base(traceId, s.next(), parentId, 'TOOL');
  o.name = TOOLS[Math.floor(s.rnd() * TOOLS.length)] as string;
  o.startTime = start;
  o.endTime = start + 5 + s.rnd() * 400;
  if (withBody) {
    o.input = { query: `rotate keys ${o.id}`, limit: 5 };
    o.output = { hits: [`doc-${o.id.slice(-4)}`, 'doc-2', 'doc-3'] };
  }
  return o;
}

/**
 * One trace of `count` observations. `deep`: agents nested in agents (depth about √count / 2), each with steps of a
 * model call and a tool call; `wide`: one agent fanning out to every call side by side.
 */
export function syntheticTrace(traceId: string, shape: 'deep' | 'wide', count: number, origin: number): Observation[] {
  const s = shaper(count * 7 + shape.length);
  const out: Observation[] = [];
  const root = base(traceId, s.next(), null, 'AGENT');
  root.name = `${shape}-agent-${count}`;
  root.startTime = origin;
  root.trace = { name: root.name, userId: 'user-1', sessionId: `session-${shape}` };
  out.push(root);
  let t = origin;
  if (shape === 'wide') {
    while (out.length < count) {
      const o =
        out.length % 2 ? generation(s, traceId, root.id, t, out.length % 10 < 3) : tool(s, traceId, root.id, t, false);
      out.push(o);
      t += 2;
    }
  } else {
    const depth = Math.max(1, Math.round(Math.sqrt(count) / 2));
    const perLevel = Math.max(3, Math.floor(count / depth));
    let agent = root;
    while (out.length < count) {
      for (let k = 0; k + 3 <= perLevel && out.length + 3 <= count; k += 3) {
        const step = base(traceId, s.next(), agent.id, 'CHAIN');
        step.name = `step-${k / 3}`;
        step.startTime = t;
        out.push(step);
        const g = generation(s, traceId, step.id, t + 1, k % 9 === 0);
        const x = tool(s, traceId, step.id, (g.endTime as number) + 1, false);
        out.push(g, x);
        step.endTime = (x.endTime as number) + 1;
        t = step.endTime;
      }
      if (out.length >= count) break;
      const sub = base(traceId, s.next(), agent.id, 'AGENT');
      sub.name = `sub-agent-${out.length}`;
      sub.startTime = t;
      out.push(sub);
      agent = sub;
    }
  }
  // Agents end after everything they hold; nested agents share the trace's end.
  for (const o of out) if (o.type === 'AGENT') o.endTime = t + 1;
  return out;
}

const TRACE_NAMES = ['support-agent', 'rag-answer', 'classify-ticket', 'summarize-thread', 'code-review', 'sql-agent'];

/** The store's everyday trace: an agent, four model calls, four tool calls and a retrieval. */
export function everydayTrace(index: number, now: number): Observation[] {
  const s = shaper(index + 1);
  const traceId = index.toString(16).padStart(32, '0');
  const start = now - 7 * 86_400_000 + (index * 7 * 86_400_000) / 100_000 + s.rnd() * 1000;
  const root = base(traceId, s.next(), null, 'AGENT');
  root.name = TRACE_NAMES[index % TRACE_NAMES.length] as string;
  root.startTime = start;
  root.trace = {
    userId: `user-${index % 500}`,
    sessionId: `session-${Math.floor(index / 5)}`,
    tags: index % 3 === 0 ? ['beta'] : ['stable'],
    input: { question: `How do I rotate keys? (#${index})` },
  };
  const out = [root];
  let t = start + 1;
  const retrieval = base(traceId, s.next(), root.id, 'RETRIEVER');
  retrieval.name = 'vector-search';
  retrieval.startTime = t;
  retrieval.endTime = t + 40;
  out.push(retrieval);
  t += 41;
  for (let k = 0; k < 4; k++) {
    const g = generation(s, traceId, root.id, t, k < 2);
    const x = tool(s, traceId, root.id, (g.endTime as number) + 1, k === 0);
    out.push(g, x);
    t = (x.endTime as number) + 1;
  }
  root.endTime = t;
  return out;
}
