import { isObj, type Obj } from './parts';

/**
 * LangChain message shapes, rewritten as plain role/content messages before the generic parsing:
 * - serialized messages `{lc: 1, type: 'constructor', id: [..., 'AIMessage'], kwargs: {content, ...}}`,
 *   which chains write as their inputs and outputs;
 * - tool and function messages as `@langfuse/langchain` writes them: `{content, additional_kwargs, role}`
 *   where `role` is the tool's name, or missing when the message has none.
 * And the run values that hold such messages, as tracers that serialize LangChain runs whole write them
 * (OpenInference's `input.value` / `output.value`):
 * - a chat model's input `{messages: [[...]]}`: one list per prompt, and a run has one prompt;
 * - a chat model's output `{generations: [[{text, message}]], llmOutput}`;
 * - a `ChatPromptValue` (a prompt template's output), and `{output: <message>}`, the wrapper a run puts around an
 *   output that is not an object (a tool's `ToolMessage`).
 */

const CLASS_ROLES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    HumanMessage: 'user',
    HumanMessageChunk: 'user',
    AIMessage: 'assistant',
    AIMessageChunk: 'assistant',
    SystemMessage: 'system',
    SystemMessageChunk: 'system',
    ToolMessage: 'tool',
    ToolMessageChunk: 'tool',
    FunctionMessage: 'tool',
    FunctionMessageChunk: 'tool',
  }),
);

const CHAT_ROLES = new Set(['system', 'developer', 'user', 'human', 'assistant', 'ai', 'model', 'tool', 'function']);

/** The class name and kwargs of a serialized LangChain object. */
function serialized(item: Obj): { className: unknown; kwargs: Obj } | undefined {
  if (item.lc !== 1 || item.type !== 'constructor' || !Array.isArray(item.id) || !isObj(item.kwargs)) return undefined;
  return { className: item.id[item.id.length - 1], kwargs: item.kwargs };
}

function fromSerialized(item: Obj): Obj | undefined {
  const s = serialized(item);
  if (!s) return undefined;
  const { className, kwargs } = s;
  // `ChatMessage` carries its own role; the other classes name it.
  const role = typeof className === 'string' ? (CLASS_ROLES[className] ?? kwargs.role) : undefined;
  if (typeof role !== 'string') return undefined;
  // LangChain 0.1 kept an AI message's calls only in OpenAI's shape, under `additional_kwargs`.
  const noCalls = !Array.isArray(kwargs.tool_calls) || kwargs.tool_calls.length === 0;
  const legacy = isObj(kwargs.additional_kwargs) ? kwargs.additional_kwargs.tool_calls : undefined;
  if (noCalls && Array.isArray(legacy)) return { ...kwargs, role, tool_calls: legacy };
  return { ...kwargs, role };
}

function fromToolMessage(item: Obj): Obj | undefined {
  if (!('additional_kwargs' in item) || !('content' in item)) return undefined;
  if (item.role === undefined) return { ...item, role: 'tool' };
  if (typeof item.role === 'string' && !CHAT_ROLES.has(item.role)) return { ...item, role: 'tool', name: item.role };
  return undefined;
}

/** The item as a plain chat message when it is one of LangChain's shapes; otherwise the item itself. */
export function fromLangChain(item: Obj): Obj {
  return fromSerialized(item) ?? fromToolMessage(item) ?? item;
}

function promptValueMessages(item: Obj): unknown[] | undefined {
  const s = serialized(item);
  return s?.className === 'ChatPromptValue' && Array.isArray(s.kwargs.messages) ? s.kwargs.messages : undefined;
}

/** A generation's message, or its text when the model is not a chat model. */
function generationMessage(g: unknown): unknown {
  if (!isObj(g)) return g;
  return g.message ?? { role: 'assistant', content: g.text };
}

/**
 * The messages of a LangChain run value (see the header), or undefined when the value is not one. Each message
 * may still be serialized: the caller reads it through `fromLangChain`.
 */
export function langChainRunMessages(value: Obj): unknown[] | undefined {
  const { messages, generations, output } = value;
  if (Array.isArray(messages) && messages.length === 1 && Array.isArray(messages[0])) return messages[0];
  if (Array.isArray(generations) && generations.every(Array.isArray)) {
    return generations.flat().map(generationMessage);
  }
  const prompt = promptValueMessages(value);
  if (prompt) return prompt;
  if (isObj(output) && Object.keys(value).length === 1 && serialized(output)) {
    return promptValueMessages(output) ?? [output];
  }
  return undefined;
}
