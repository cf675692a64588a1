/**
 * Content parts of one chat message, from every provider's shape, gathered into a draft that
 * `fromDraft` (chat-message.ts) turns into ChatMessages. Parts are told apart by `type` (OpenAI, Anthropic, AI SDK,
 * OTel GenAI) or, for Gemini, which has no `type`, by the key they carry.
 */

export type Obj = Record<string, unknown>;

export interface ToolCall {
  id?: string;
  name: string;
  arguments: string;
}

export interface ToolResult {
  id?: string;
  name?: string;
  text: string;
}

export interface Draft {
  texts: string[];
  toolCalls: ToolCall[];
  results: ToolResult[];
  images: string[];
  reasoning: string[];
}

export function newDraft(): Draft {
  return { texts: [], toolCalls: [], results: [], images: [], reasoning: [] };
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function withId(id: unknown, call: { name: string; arguments: string }): ToolCall {
  const s = optionalString(id);
  return s === undefined ? call : { id: s, ...call };
}

function result(id: unknown, name: unknown, text: string): ToolResult {
  const out: ToolResult = { text };
  const i = optionalString(id);
  const n = optionalString(name);
  if (i !== undefined) out.id = i;
  if (n !== undefined) out.name = n;
  return out;
}

const PASS_THROUGH = ['data:', 'http://', 'https://', '@@@langfuseMedia'];

/** Base64 payloads become data URIs; URLs, data URIs and Langfuse media references stay as they are. */
function imageRef(data: unknown, mime: unknown): string | undefined {
  if (isObj(data) && typeof data.href === 'string') return data.href;
  if (typeof data !== 'string' || data === '') return undefined;
  for (const p of PASS_THROUGH) if (data.startsWith(p)) return data;
  return `data:${optionalString(mime) ?? 'image/png'};base64,${data}`;
}

function isImageMime(mime: unknown): boolean {
  return typeof mime === 'string' && mime.startsWith('image/');
}

/** AI SDK tool outputs are `{type: 'json' | 'text' | ..., value}`; show the value. */
function toolOutput(v: unknown): string {
  if (isObj(v) && typeof v.type === 'string' && 'value' in v) return asText(v.value);
  return asText(v);
}

function addImage(d: Draft, ref: string | undefined, label: string): void {
  if (ref === undefined) d.texts.push(`[${label}]`);
  else d.images.push(ref);
}

function addFile(d: Draft, data: unknown, mime: unknown, name: unknown): void {
  if (isImageMime(mime)) {
    addImage(d, imageRef(data, mime), 'image');
    return;
  }
  const label = [optionalString(mime) ?? 'file', optionalString(name)].filter(Boolean).join(' ');
  d.texts.push(`[${label}]`);
}

/** OTel GenAI `blob` / `uri` / `file` parts: images are kept, other media are named. */
function addMedia(d: Draft, part: Obj): void {
  const mime = part.mime_type ?? part.mimeType;
  const image = part.modality === 'image' || isImageMime(mime);
  const ref = part.type === 'blob' ? imageRef(part.content, mime) : optionalString(part.uri ?? part.file_id);
  if (image && ref !== undefined) d.images.push(ref);
  else
    d.texts.push(`[${[optionalString(part.modality) ?? part.type, optionalString(mime)].filter(Boolean).join(' ')}]`);
}

/** Gemini parts carry no `type`: the key names the kind. */
function addGeminiPart(d: Draft, part: Obj): boolean {
  if (typeof part.text === 'string') {
    (part.thought === true ? d.reasoning : d.texts).push(part.text);
  } else if (isObj(part.inlineData)) {
    addFile(d, part.inlineData.data, part.inlineData.mimeType, undefined);
  } else if (isObj(part.fileData)) {
    addFile(d, part.fileData.fileUri, part.fileData.mimeType, undefined);
  } else if (isObj(part.functionCall)) {
    const c = part.functionCall;
    d.toolCalls.push(withId(c.id, { name: asText(c.name), arguments: asText(c.args ?? {}) }));
  } else if (isObj(part.functionResponse)) {
    const r = part.functionResponse;
    d.results.push(result(r.id, r.name, asText(r.response)));
  } else {
    return false;
  }
  return true;
}

/** A list of content blocks (every item an object with a `type`), not a tool's JSON array result. */
function isBlockList(v: unknown): v is Obj[] {
  return Array.isArray(v) && v.length > 0 && v.every((b) => isObj(b) && typeof b.type === 'string');
}

/** A tool result made of content blocks: its texts joined, its images kept on the message. */
function addBlockResult(d: Draft, id: unknown, name: unknown, content: unknown): void {
  const inner = newDraft();
  addContent(inner, content);
  d.images.push(...inner.images);
  d.results.push(result(id, name, inner.texts.join('\n')));
}

function addPart(d: Draft, part: unknown): void {
  if (typeof part === 'string') {
    d.texts.push(part);
    return;
  }
  if (!isObj(part)) return;
  switch (part.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
    case 'summary_text':
      d.texts.push(asText(part.text ?? part.content));
      return;
    case 'refusal':
      d.texts.push(asText(part.refusal ?? part.text));
      return;
    case 'image_url': {
      const url = isObj(part.image_url) ? part.image_url.url : part.image_url;
      addImage(d, imageRef(url, undefined), 'image');
      return;
    }
    case 'input_image':
      addImage(d, imageRef(part.image_url, undefined), 'image');
      return;
    case 'image': {
      // Anthropic `source: {type: 'base64' | 'url', ...}`; AI SDK `image` with `mediaType`.
      const src = isObj(part.source) ? part.source : undefined;
      const ref = src
        ? imageRef(src.type === 'url' ? src.url : src.data, src.media_type)
        : imageRef(part.image ?? part.url, part.mediaType ?? part.mimeType);
      addImage(d, ref, 'image');
      return;
    }
    case 'file':
      if (isObj(part.file)) d.texts.push(`[file ${asText(part.file.filename ?? part.file.file_id)}]`);
      else addFile(d, part.data ?? part.url, part.mediaType ?? part.mimeType ?? part.mime_type, part.filename);
      return;
    case 'blob':
    case 'uri':
      addMedia(d, part);
      return;
    case 'input_audio':
      d.texts.push('[audio]');
      return;
    case 'tool_call':
      d.toolCalls.push(withId(part.id, { name: asText(part.name), arguments: asText(part.arguments) }));
      return;
    case 'tool_use':
      d.toolCalls.push(withId(part.id, { name: asText(part.name), arguments: asText(part.input) }));
      return;
    case 'tool-call':
      d.toolCalls.push(
        withId(part.toolCallId, { name: asText(part.toolName), arguments: asText(part.input ?? part.args) }),
      );
      return;
    case 'tool_call_response': {
      const response = part.response ?? part.result;
      // The Anthropic SDK records a tool result's content blocks as the response: read them as `tool_result` content.
      if (isBlockList(response)) addBlockResult(d, part.id, part.name, response);
      else d.results.push(result(part.id, part.name, asText(response)));
      return;
    }
    case 'tool_result':
      addBlockResult(d, part.tool_use_id, undefined, part.content);
      return;
    case 'tool-result':
      d.results.push(result(part.toolCallId, part.toolName, toolOutput(part.output ?? part.result)));
      return;
    case 'reasoning':
    case 'thinking':
      d.reasoning.push(asText(part.text ?? part.thinking ?? part.content));
      return;
    case 'redacted_thinking':
      d.reasoning.push('[redacted]');
      return;
    default:
      if (part.type === undefined && addGeminiPart(d, part)) return;
      d.texts.push(asText(part));
  }
}

/** A message's content: a string, an array of parts, or (rarely) one part. */
export function addContent(d: Draft, content: unknown): void {
  if (content === undefined || content === null) return;
  if (Array.isArray(content)) for (const part of content) addPart(d, part);
  else if (isObj(content) && typeof content.type === 'string') addPart(d, content);
  else d.texts.push(asText(content));
}

/** OpenAI `tool_calls` (and the older `function_call`) beside the content. */
export function addOpenAiToolCalls(d: Draft, m: Obj): void {
  if (Array.isArray(m.tool_calls)) {
    for (const c of m.tool_calls) {
      if (!isObj(c)) continue;
      const fn = isObj(c.function) ? c.function : c;
      d.toolCalls.push(withId(c.id, { name: asText(fn.name), arguments: asText(fn.arguments ?? fn.args) }));
    }
  }
  if (isObj(m.function_call)) {
    d.toolCalls.push({ name: asText(m.function_call.name), arguments: asText(m.function_call.arguments) });
  }
}
