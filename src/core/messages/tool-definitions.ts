import type { Attributes } from '../model/types';
import { isObj, type Obj, optionalString } from './parts';

/**
 * Tool definitions offered to the model, from the span attributes that carry them (`ai.prompt.tools`,
 * `gen_ai.tool.definitions`, `llm.tools.N.tool.json_schema`) and from a request or model-parameter
 * object's `tools` (OpenAI `{type: 'function', function}` or flat, Anthropic `input_schema`, AI SDK
 * `inputSchema`, Gemini `functionDeclarations`). Deduplicated by name, first seen wins.
 */

export interface ToolDefinition {
  name: string;
  description?: string;
  parameters?: unknown;
}

function parsed(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const c = v.trimStart()[0];
  if (c !== '{' && c !== '[') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

// Items of a Responses-style input list that carry a `name` but call a tool rather than define one.
const NOT_A_DEFINITION = /(_call|_output|_result)$|^(message|reasoning)$/;

function definition(raw: unknown): ToolDefinition[] {
  const v = parsed(raw);
  if (!isObj(v) || 'role' in v) return [];
  if (typeof v.type === 'string' && NOT_A_DEFINITION.test(v.type)) return [];
  if (Array.isArray(v.functionDeclarations)) return v.functionDeclarations.flatMap(definition);
  const fn: Obj = isObj(v.function) ? v.function : v;
  const name = optionalString(fn.name);
  if (name === undefined) return [];
  const out: ToolDefinition = { name };
  const description = optionalString(fn.description);
  if (description !== undefined) out.description = description;
  const parameters = fn.parameters ?? fn.input_schema ?? fn.inputSchema ?? fn.parametersJsonSchema;
  if (parameters !== undefined) out.parameters = parsed(parameters);
  return [out];
}

function listOf(raw: unknown): ToolDefinition[] {
  const v = parsed(raw);
  return Array.isArray(v) ? v.flatMap(definition) : [];
}

/** `llm.tools.0.tool.json_schema`, `llm.tools.1.tool.json_schema`, ... in index order. */
function openInferenceTools(a: Attributes): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  for (let i = 0; i < 10_000; i++) {
    const key = `llm.tools.${i}.tool.json_schema`;
    if (!(key in a)) break;
    out.push(...definition(a[key]));
  }
  return out;
}

export function extractToolDefinitions(value: unknown, attributes?: Attributes): ToolDefinition[] {
  const found: ToolDefinition[] = [];
  if (attributes) {
    found.push(...listOf(attributes['ai.prompt.tools']));
    found.push(...listOf(attributes['gen_ai.tool.definitions']));
    found.push(...openInferenceTools(attributes));
  }
  const v = parsed(value);
  if (isObj(v)) {
    found.push(...listOf(v.tools));
    if (isObj(v.config)) found.push(...listOf(v.config.tools));
  } else if (Array.isArray(v)) {
    found.push(...listOf(v));
  }
  const byName = new Map<string, ToolDefinition>();
  for (const t of found) if (!byName.has(t.name)) byName.set(t.name, t);
  return [...byName.values()];
}
