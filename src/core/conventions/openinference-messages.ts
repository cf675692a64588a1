import type { Attributes, AttrValue } from '../model/types';
import { setOwn } from '../otlp/safe-object';

/**
 * OpenInference's flattened messages, rebuilt as OpenAI chat messages:
 * `llm.input_messages.N.message.{role,content,name,tool_call_id}`,
 * `...message.contents.M.message_content.{type,text,image.image.url}` and
 * `...message.tool_calls.M.tool_call.{id,function.name,function.arguments}`; same under `llm.output_messages`.
 */

type Message = Record<string, unknown>;

const MAX_INDEX = 10_000;

function index(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 && n <= MAX_INDEX ? n : undefined;
}

function slot<T>(list: (T | undefined)[], i: number, make: () => T): T {
  let v = list[i];
  if (v === undefined) {
    v = make();
    list[i] = v;
  }
  return v;
}

function setContentPart(m: Message, path: string[], value: AttrValue): void {
  // path: [M, 'message_content', field...]
  const j = index(path[0]);
  if (j === undefined || path[1] !== 'message_content') return;
  if (!Array.isArray(m.content)) m.content = [];
  const parts = m.content as (Message | undefined)[];
  const part = slot<Message>(parts, j, () => ({}));
  const field = path.slice(2).join('.');
  if (field === 'type') part.type = value === 'image' ? 'image_url' : value;
  else if (field === 'text') part.text = value;
  else if (field === 'image.image.url') part.image_url = { url: value };
}

function setToolCall(m: Message, path: string[], value: AttrValue): void {
  // path: [M, 'tool_call', field...]
  const j = index(path[0]);
  if (j === undefined || path[1] !== 'tool_call') return;
  m.tool_calls ??= [];
  const calls = m.tool_calls as ({ id?: AttrValue; function: Record<string, AttrValue> } | undefined)[];
  const call = slot<{ id?: AttrValue; function: Record<string, AttrValue> }>(calls, j, () => ({ function: {} }));
  const field = path.slice(2).join('.');
  if (field === 'id') call.id = value;
  else if (field.startsWith('function.')) setOwn(call.function, field.slice('function.'.length), value);
}

function flattened(a: Attributes, prefix: string): Message[] | undefined {
  if (!(`${prefix}0.message.role` in a) && !(`${prefix}0.message.content` in a)) return undefined;
  const messages: (Message | undefined)[] = [];
  for (const key in a) {
    if (!key.startsWith(prefix)) continue;
    const path = key.slice(prefix.length).split('.');
    const i = index(path[0]);
    if (i === undefined || path[1] !== 'message') continue;
    const m = slot<Message>(messages, i, () => ({}));
    const value = a[key] as AttrValue;
    const field = path[2];
    if (field === 'contents') setContentPart(m, path.slice(3), value);
    else if (field === 'tool_calls') setToolCall(m, path.slice(3), value);
    else if (field !== undefined && path.length === 3 && !(field === 'content' && Array.isArray(m.content))) {
      setOwn<unknown>(m, field, value);
    }
  }
  const out: Message[] = [];
  for (const m of messages) {
    if (!m) continue;
    if (Array.isArray(m.content)) m.content = m.content.filter(Boolean);
    if (Array.isArray(m.tool_calls)) m.tool_calls = m.tool_calls.filter(Boolean);
    m.role ??= 'user';
    out.push(m);
  }
  return out;
}

export function openInferenceMessagesInput(a: Attributes): unknown {
  return flattened(a, 'llm.input_messages.');
}

export function openInferenceMessagesOutput(a: Attributes): unknown {
  return flattened(a, 'llm.output_messages.');
}
