import type { TraceBody } from '../model/types';

/**
 * One line of text standing for a trace's input or output in the list, as Langfuse's and Phoenix's lists show it:
 * the last user message of a chat, the text of a one-field wrapper (`{question}`, `{answer}`), else compact JSON.
 * The system prompt is what every run shares, so it is skipped: the user's turn is what tells runs apart.
 */

const MAX = 300;

type Part = { type?: unknown; text?: unknown };

function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts = content
      .map((p: Part) => (typeof p === 'string' ? p : typeof p?.text === 'string' ? p.text : null))
      .filter((t): t is string => t !== null);
    return texts.length > 0 ? texts.join(' ') : null;
  }
  return null;
}

const isMessage = (v: unknown): v is { role: unknown; content: unknown } =>
  typeof v === 'object' && v !== null && 'role' in v && 'content' in v;

function messagesText(messages: unknown[]): string | null {
  if (!messages.every(isMessage)) return null;
  const turns = messages.filter((m) => m.role !== 'system');
  const user = [...turns].reverse().find((m) => m.role === 'user' || m.role === 'human');
  const pick = user ?? turns.at(-1) ?? messages.at(-1);
  return pick ? contentText(pick.content) : null;
}

function textOf(value: unknown, depth: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (depth > 2 || typeof value !== 'object') return null;
  if (Array.isArray(value)) return messagesText(value);
  if (isMessage(value)) return contentText(value.content);
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.messages)) return messagesText(record.messages);
  const entries = Object.values(record);
  if (entries.length === 1) return textOf(entries[0], depth + 1);
  return null;
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** What the trace list shows of a trace's input and output, one line each; null where there is nothing. */
export interface TracePreview {
  id: string;
  input: string | null;
  output: string | null;
}

/** The list's preview of a trace body: the writer posts it with the summary it stored, the list reads it otherwise. */
export function tracePreview(body: TraceBody): TracePreview {
  return { id: body.id, input: previewText(body.input), output: previewText(body.output) };
}

/** The preview of a stored value, whitespace collapsed and cut at a few hundred characters; null when empty. */
export function previewText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = textOf(value, 0) ?? compactJson(value);
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return null;
  return line.length > MAX ? `${line.slice(0, MAX)}…` : line;
}
