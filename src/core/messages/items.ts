import { type ChatMessage, fromDraft, normalizeRole } from './chat-message';
import { fromLangChain } from './langchain';
import { addContent, addOpenAiToolCalls, asText, isObj, newDraft, type Obj, optionalString } from './parts';

/**
 * A list of chat messages or OpenAI Responses items (`message`, `function_call`,
 * `function_call_output`, `reasoning`, other `*_call` items) as ChatMessages. Consecutive assistant
 * items of a Responses list (reasoning, text, calls of one turn) merge into one message. The OpenAI
 * Agents SDK writes its own spelling of the same items: `callId`, and `function_call_result` whose
 * `output` is `{type: 'text', text}`.
 */

function callId(item: Obj): string | undefined {
  return optionalString(item.call_id) ?? optionalString(item.callId) ?? optionalString(item.id);
}

/** A tool result's output: the Agents SDK wraps text as `{type: 'text', text}`. */
function outputText(output: unknown): unknown {
  return isObj(output) && output.type === 'text' && typeof output.text === 'string' ? output.text : output;
}

function reasoningText(item: Obj): string {
  const texts: string[] = [];
  for (const list of [item.summary, item.content]) {
    if (!Array.isArray(list)) continue;
    for (const p of list) if (isObj(p) && typeof p.text === 'string') texts.push(p.text);
  }
  return texts.join('\n');
}

function messageOf(item: Obj): ChatMessage[] {
  const d = newDraft();
  addContent(d, item.content !== undefined ? item.content : item.parts);
  addOpenAiToolCalls(d, item);
  // DeepSeek-style `reasoning_content`, and plain `reasoning` strings some SDKs put beside the content.
  const reasoning = optionalString(item.reasoning_content) ?? optionalString(item.reasoning);
  if (reasoning !== undefined) d.reasoning.push(reasoning);
  const extra: { toolCallId?: string; name?: string } = {};
  const toolCallId = optionalString(item.tool_call_id) ?? optionalString(item.toolCallId);
  if (toolCallId !== undefined) extra.toolCallId = toolCallId;
  const name = optionalString(item.name);
  if (name !== undefined) extra.name = name;
  return fromDraft(normalizeRole(item.role), d, extra);
}

function assistantCall(id: string | undefined, name: string, args: unknown): ChatMessage {
  const call = id === undefined ? { name, arguments: asText(args) } : { id, name, arguments: asText(args) };
  return { role: 'assistant', text: '', toolCalls: [call] };
}

function toolResult(id: string | undefined, output: unknown): ChatMessage {
  const m: ChatMessage = { role: 'tool', text: asText(output), toolCalls: [] };
  if (id !== undefined) m.toolCallId = id;
  return m;
}

function itemMessages(raw: Obj): ChatMessage[] | null {
  const item = fromLangChain(raw);
  if (typeof item.role === 'string' || (item.role === undefined && Array.isArray(item.parts))) return messageOf(item);
  const type = item.type;
  if (typeof type !== 'string') return null;
  if (type === 'function_call') return [assistantCall(callId(item), asText(item.name), item.arguments)];
  if (type === 'function_call_output' || type === 'function_call_result') {
    return [toolResult(optionalString(item.call_id) ?? optionalString(item.callId), outputText(item.output))];
  }
  if (type === 'reasoning') return [{ role: 'assistant', text: '', toolCalls: [], reasoning: reasoningText(item) }];
  if (type.endsWith('_call_output')) return [toolResult(optionalString(item.call_id), item.output)];
  if (type.endsWith('_call')) {
    const { type: _t, id: _i, call_id: _c, status: _s, ...rest } = item;
    return [assistantCall(callId(item), optionalString(item.name) ?? type, item.arguments ?? item.input ?? rest)];
  }
  return null;
}

function merge(into: ChatMessage, m: ChatMessage): void {
  if (m.text !== '') into.text = into.text === '' ? m.text : `${into.text}\n${m.text}`;
  if (m.toolCalls.length > 0) into.toolCalls = [...into.toolCalls, ...m.toolCalls];
  if (m.images) into.images = [...(into.images ?? []), ...m.images];
  if (m.reasoning) into.reasoning = into.reasoning ? `${into.reasoning}\n${m.reasoning}` : m.reasoning;
}

export function itemsToMessages(items: unknown[]): ChatMessage[] | null {
  const out: ChatMessage[] = [];
  const mergeable = new Set<ChatMessage>();
  for (const item of items) {
    if (!isObj(item)) return null;
    const produced = itemMessages(item);
    if (!produced) return null;
    const typed = typeof item.type === 'string';
    for (const m of produced) {
      const last = out[out.length - 1];
      if (typed && last && mergeable.has(last) && last.role === 'assistant' && m.role === 'assistant') {
        merge(last, m);
        continue;
      }
      out.push(m);
      if (typed) mergeable.add(m);
    }
  }
  return out;
}
