import type { Draft } from './parts';

/** The one message shape the chat view renders, whatever the provider's format. */
export interface ChatMessage {
  role: string;
  text: string;
  toolCalls: { id?: string; name: string; arguments: string }[];
  /** On tool results: the id of the call they answer. */
  toolCallId?: string;
  /** The speaker's name, or the tool's name on tool results. */
  name?: string;
  /** Data URIs, http(s) URLs or `@@@langfuseMedia:...@@@` references. */
  images?: string[];
  reasoning?: string;
}

const ROLE_ALIASES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    model: 'assistant',
    ai: 'assistant',
    human: 'user',
    function: 'tool',
  }),
);

/** Gemini's `model`, LangChain's `human` / `ai` and the old `function` role, in OpenAI terms. */
export function normalizeRole(v: unknown): string {
  const r = typeof v === 'string' && v !== '' ? v : 'user';
  return ROLE_ALIASES[r] ?? r;
}

/** One ChatMessage from a draft; a message holding only tool results becomes one `tool` message per result. */
export function fromDraft(role: string, d: Draft, extra: { toolCallId?: string; name?: string } = {}): ChatMessage[] {
  if (d.results.length > 0 && d.texts.length === 0 && d.toolCalls.length === 0) {
    return d.results.map((res, i) => {
      const m: ChatMessage = { role: 'tool', text: res.text, toolCalls: [] };
      if (res.id !== undefined) m.toolCallId = res.id;
      if (res.name !== undefined) m.name = res.name;
      if (i === 0 && d.images.length > 0) m.images = d.images;
      return m;
    });
  }
  const texts = d.results.length > 0 ? [...d.texts, ...d.results.map((res) => res.text)] : d.texts;
  const m: ChatMessage = { role, text: texts.join('\n'), toolCalls: d.toolCalls };
  if (extra.toolCallId !== undefined) m.toolCallId = extra.toolCallId;
  if (extra.name !== undefined) m.name = extra.name;
  if (d.images.length > 0) m.images = d.images;
  if (d.reasoning.length > 0) m.reasoning = d.reasoning.join('\n');
  return [m];
}
