import type { ChatMessage } from './chat-message';
import { itemsToMessages } from './items';
import { fromLangChain, langChainRunMessages } from './langchain';
import { isObj, type Obj } from './parts';

export { extractToolDefinitions } from './tool-definitions';

/**
 * Chat-like inputs and outputs in one shape for the chat view. Recognised:
 * - OpenAI chat: `[{role, content: string | parts[], tool_calls?}]`, `{messages}` requests (OpenInference
 *   sends the whole request), `{choices: [{message}]}` responses, and one message `{role, content}`;
 * - OpenAI Responses: `{instructions?, input}` requests and `{output}` responses, with `message`,
 *   `function_call`, `function_call_output` and `reasoning` items;
 * - Anthropic: `{system?, messages}` with `text`, `image`, `tool_use`, `tool_result`, `thinking` blocks;
 * - Gemini: `{systemInstruction?, contents}` requests and `{candidates}` responses, with `parts`;
 * - AI SDK: `{system?, prompt | messages}` and parts `text`, `image`, `file`, `tool-call`, `tool-result`,
 *   `reasoning`;
 * - OTel GenAI: `[{role, parts}]` with `text`, `tool_call`, `tool_call_response`, `blob`, `uri`, `reasoning`;
 * - LangChain: serialized messages (`{lc, type: 'constructor', id, kwargs}`), `@langfuse/langchain` tool messages,
 *   and the run values that hold serialized messages: `{messages: [[...]]}`, `{generations}`, `ChatPromptValue`,
 *   `{output: <message>}`.
 * Anything else is not chat: null, and the view shows it as JSON.
 */

export type { ChatMessage };

function isMessage(v: unknown): v is Obj {
  return isObj(v) && typeof v.role === 'string';
}

/** A Gemini content without a role (single-turn requests) is the user's. */
function isContent(v: unknown): v is Obj {
  return isObj(v) && (typeof v.role === 'string' || (v.role === undefined && Array.isArray(v.parts)));
}

function toMessagesOrNull(items: unknown[]): ChatMessage[] | null {
  return items.length === 0 ? null : itemsToMessages(items);
}

function system(text: string): ChatMessage {
  return { role: 'system', text, toolCalls: [] };
}

/** `system` / `instructions` / `systemInstruction` of a request wrapper, as leading system messages. */
function systemOf(value: Obj): ChatMessage[] {
  const s = value.system ?? value.instructions ?? value.systemInstruction ?? value.system_instruction;
  if (typeof s === 'string') return s === '' ? [] : [system(s)];
  if (Array.isArray(s)) return toMessagesOrNull([{ role: 'system', content: s }]) ?? [];
  if (isObj(s)) return toMessagesOrNull([{ role: 'system', ...s }]) ?? [];
  return [];
}

function requestMessages(value: Obj): ChatMessage[] | null {
  const list = value.messages ?? value.contents;
  if (Array.isArray(list)) return toMessagesOrNull(list);
  const input = value.input ?? value.prompt;
  if (Array.isArray(input)) return toMessagesOrNull(input);
  // A bare `{input: 'text'}` is any function's argument, not a chat: require the request's other keys.
  if (typeof value.prompt === 'string') return [{ role: 'user', text: value.prompt, toolCalls: [] }];
  if (typeof value.input === 'string' && ('model' in value || 'instructions' in value)) {
    return [{ role: 'user', text: value.input, toolCalls: [] }];
  }
  return null;
}

function responseMessages(value: Obj): ChatMessage[] | null {
  if (Array.isArray(value.choices)) {
    const messages = value.choices.map((c) => (isObj(c) ? (c.message ?? c.delta) : undefined));
    return messages.every(isMessage) ? toMessagesOrNull(messages) : null;
  }
  if (Array.isArray(value.candidates)) {
    const contents = value.candidates.map((c) => (isObj(c) ? c.content : undefined));
    return contents.every(isContent) ? toMessagesOrNull(contents.map((c) => ({ role: 'model', ...c }))) : null;
  }
  if (Array.isArray(value.output) && value.output.length > 0) return toMessagesOrNull(value.output);
  return null;
}

export function toChatMessages(raw: unknown): ChatMessage[] | null {
  if (Array.isArray(raw)) return toMessagesOrNull(raw);
  if (!isObj(raw)) return null;
  const run = langChainRunMessages(raw);
  if (run) return toMessagesOrNull(run);
  const value = fromLangChain(raw);
  if (isMessage(value)) return itemsToMessages([value]);
  const response = responseMessages(value);
  if (response) return response;
  const messages = requestMessages(value);
  return messages ? [...systemOf(value), ...messages] : null;
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
