/**
 * Chat-like inputs and outputs in one shape for the chat view. Recognised:
 * - OpenAI chat: `[{role, content: string | parts[], tool_calls?}]`, `{messages: [...]}` wrappers
 *   (OpenInference sends the whole request), completion responses `{choices: [{message}]}`, and a
 *   single message `{role, content}` (a completion's output);
 * - OTel GenAI parts: `[{role, parts: [{type: 'text', content} | {type: 'tool_call', name, arguments}]}]`;
 * - Anthropic content blocks (`text`, `tool_use`, `tool_result`) and AI SDK parts (`tool-call`, `tool-result`);
 * - AI SDK prompts `{system?, prompt}`.
 * Anything else is not chat: null, and the view shows it as JSON.
 */

export interface ChatMessage {
  role: string;
  text: string;
  toolCalls: { id?: string; name: string; arguments: string }[];
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isMessage(v: unknown): boolean {
  return isObj(v) && typeof v.role === 'string';
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return JSON.stringify(v);
}

function optionalId(v: unknown): { id?: string } {
  return typeof v === 'string' && v !== '' ? { id: v } : {};
}

/** A long URL (usually a base64 data URI) says nothing readable; keep only its start. */
function imageText(url: unknown): string {
  if (typeof url !== 'string' || url === '') return '[image]';
  return url.length > 120 ? `[image: ${url.slice(0, 60)}…]` : `[image: ${url}]`;
}

function partText(part: Obj): string | undefined {
  switch (part.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return asText(part.text ?? part.content);
    case 'image_url':
      return imageText(isObj(part.image_url) ? part.image_url.url : part.image_url);
    case 'image':
      return imageText(part.image ?? part.url);
    case 'blob':
    case 'uri':
    case 'file':
      return `[${asText(part.modality ?? part.type)}${part.mime_type ? ` ${asText(part.mime_type)}` : ''}]`;
    case 'tool_call_response':
      return asText(part.response ?? part.result);
    case 'tool_result':
      return contentText(part.content).text;
    case 'tool-result':
      return asText(part.output ?? part.result);
    case 'reasoning':
    case 'thinking':
      return asText(part.text ?? part.thinking ?? part.content);
    default:
      return undefined;
  }
}

function partToolCall(part: Obj): ChatMessage['toolCalls'][number] | undefined {
  switch (part.type) {
    case 'tool_call':
      return { ...optionalId(part.id), name: asText(part.name), arguments: asText(part.arguments) };
    case 'tool_use':
      return { ...optionalId(part.id), name: asText(part.name), arguments: asText(part.input) };
    case 'tool-call':
      return {
        ...optionalId(part.toolCallId),
        name: asText(part.toolName),
        arguments: asText(part.input ?? part.args),
      };
    default:
      return undefined;
  }
}

function contentText(content: unknown): { text: string; toolCalls: ChatMessage['toolCalls'] } {
  const toolCalls: ChatMessage['toolCalls'] = [];
  if (!Array.isArray(content)) return { text: asText(content), toolCalls };
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    if (!isObj(part)) continue;
    const call = partToolCall(part);
    if (call) {
      toolCalls.push(call);
      continue;
    }
    texts.push(partText(part) ?? `[${asText(part.type ?? 'part')}]`);
  }
  return { text: texts.join('\n'), toolCalls };
}

function openAiToolCalls(m: Obj): ChatMessage['toolCalls'] {
  const out: ChatMessage['toolCalls'] = [];
  if (Array.isArray(m.tool_calls)) {
    for (const c of m.tool_calls) {
      if (!isObj(c)) continue;
      const fn = isObj(c.function) ? c.function : c;
      out.push({ ...optionalId(c.id), name: asText(fn.name), arguments: asText(fn.arguments) });
    }
  }
  if (isObj(m.function_call)) {
    out.push({ name: asText(m.function_call.name), arguments: asText(m.function_call.arguments) });
  }
  return out;
}

function toMessage(m: Obj): ChatMessage {
  const { text, toolCalls } = contentText(m.content !== undefined ? m.content : m.parts);
  return { role: m.role as string, text, toolCalls: [...toolCalls, ...openAiToolCalls(m)] };
}

function fromArray(items: unknown[]): ChatMessage[] | null {
  if (items.length === 0 || !items.every(isMessage)) return null;
  return items.map((m) => toMessage(m as Obj));
}

export function toChatMessages(value: unknown): ChatMessage[] | null {
  if (Array.isArray(value)) return fromArray(value);
  if (!isObj(value)) return null;
  if (isMessage(value)) return [toMessage(value)];
  const system: ChatMessage[] =
    typeof value.system === 'string' ? [{ role: 'system', text: value.system, toolCalls: [] }] : [];
  if (Array.isArray(value.messages)) {
    const messages = fromArray(value.messages);
    return messages ? [...system, ...messages] : null;
  }
  if (Array.isArray(value.choices)) {
    const messages = value.choices.map((c) => (isObj(c) ? c.message : undefined));
    return fromArray(messages);
  }
  if (typeof value.prompt === 'string') return [...system, { role: 'user', text: value.prompt, toolCalls: [] }];
  return null;
}

/** Text for a value panel: strings as they are, anything else as indented JSON. */
export function toDisplayText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
