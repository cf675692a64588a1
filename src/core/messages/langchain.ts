import { isObj, type Obj } from './parts';

/**
 * LangChain message shapes, rewritten as plain role/content messages before the generic parsing:
 * - serialized messages `{lc: 1, type: 'constructor', id: [..., 'AIMessage'], kwargs: {content, ...}}`,
 *   which chains write as their inputs and outputs;
 * - tool and function messages as `@langfuse/langchain` writes them: `{content, additional_kwargs, role}`
 *   where `role` is the tool's name, or missing when the message has none.
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

function fromSerialized(item: Obj): Obj | undefined {
  if (item.lc !== 1 || item.type !== 'constructor' || !Array.isArray(item.id) || !isObj(item.kwargs)) return undefined;
  const className = item.id[item.id.length - 1];
  const kwargs = item.kwargs;
  // `ChatMessage` carries its own role; the other classes name it.
  const role = typeof className === 'string' ? (CLASS_ROLES[className] ?? kwargs.role) : undefined;
  if (typeof role !== 'string') return undefined;
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
