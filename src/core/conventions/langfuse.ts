import type { Attributes, AttrValue, Level, ObservationType, TracePatch, UsageDetails } from '../model/types';
import { OBSERVATION_TYPES } from '../model/types';
import { setOwn } from '../otlp/safe-object';
import { bool, jsonish, jsonObject, num, prefixed, str, tagList } from './attr';
import { parseLevel } from './level';
import { aliasedUsageKeys, explicitDetails } from './usage';

/**
 * Langfuse's own attributes (`langfuse.*`), as written by the Langfuse JS and Python SDKs 3+.
 * They are the most specific source and win over every other convention. `user.id` and
 * `session.id` are read here too: Langfuse documents them as its fallbacks.
 */

const TYPES = new Set<string>(OBSERVATION_TYPES);

export function langfuseType(a: Attributes): ObservationType | undefined {
  const t = str(a, 'langfuse.observation.type')?.toUpperCase();
  return t !== undefined && TYPES.has(t) ? (t as ObservationType) : undefined;
}

export function langfuseInput(a: Attributes): unknown {
  return jsonish(a['langfuse.observation.input']);
}

export function langfuseOutput(a: Attributes): unknown {
  return jsonish(a['langfuse.observation.output']);
}

/** `langfuse.observation.metadata` (one JSON object) merged with `langfuse.observation.metadata.<k>` keys. */
function metadataFrom(a: Attributes, key: string, prefix: string): Record<string, unknown> | undefined {
  const whole = jsonObject(a, key);
  const parts = prefixed(a, prefix);
  if (!parts) return whole;
  const out: Record<string, unknown> = { ...whole };
  for (const k in parts) setOwn(out, k, jsonish(parts[k]));
  return out;
}

export function langfuseMetadata(a: Attributes): Record<string, unknown> | undefined {
  return metadataFrom(a, 'langfuse.observation.metadata', 'langfuse.observation.metadata.');
}

export function langfuseLevel(a: Attributes): Level | undefined {
  return parseLevel(a['langfuse.observation.level']);
}

export function langfuseStatusMessage(a: Attributes): string | undefined {
  return str(a, 'langfuse.observation.status_message');
}

export function langfuseModel(a: Attributes): string | undefined {
  return str(a, 'langfuse.observation.model.name');
}

export function langfuseModelParameters(a: Attributes): Record<string, AttrValue> | undefined {
  return jsonObject(a, 'langfuse.observation.model.parameters') as Record<string, AttrValue> | undefined;
}

export function langfuseUsage(a: Attributes): UsageDetails | undefined {
  return explicitDetails(jsonish(a['langfuse.observation.usage_details']), true);
}

/** The OpenAI-style keys of `langfuse.observation.usage_details` that Loupe read as its own (see usage.ts). */
export function langfuseUsageAliases(a: Attributes): Record<string, string> | undefined {
  return aliasedUsageKeys(jsonish(a['langfuse.observation.usage_details']));
}

/**
 * `langfuse.version`: set by `propagateAttributes({ version })` on every span in scope, or by the span itself. Like
 * Langfuse, the resource's `service.version` stands in for it.
 */
function langfuseVersion(a: Attributes, resource: Attributes): string | undefined {
  return str(a, 'langfuse.version') ?? str(resource, 'service.version');
}

/** `langfuse.trace.metadata` (and `.<key>`): trace metadata, which Langfuse also stores on the observation. */
function langfuseTraceMetadata(a: Attributes): Record<string, unknown> | undefined {
  return metadataFrom(a, 'langfuse.trace.metadata', 'langfuse.trace.metadata.');
}

export function langfuseCost(a: Attributes): UsageDetails | undefined {
  // Langfuse bills the sum of the details when no total is sent; keep that total with the details.
  return explicitDetails(jsonish(a['langfuse.observation.cost_details']), true);
}

/** ISO time, often JSON-quoted (`"\"2026-11-22T19:45:35.640Z\""`) because the SDK JSON-encodes every value. */
export function langfuseCompletionStart(a: Attributes): number | undefined {
  let v = a['langfuse.observation.completion_start_time'];
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  if (v.startsWith('"') && v.endsWith('"') && v.length > 1) v = v.slice(1, -1);
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

export function langfusePrompt(a: Attributes): { name: string; version: number | null } | undefined {
  const name = str(a, 'langfuse.observation.prompt.name') ?? str(a, 'langfuse.prompt.name');
  if (name === undefined) return undefined;
  const version = num(a, 'langfuse.observation.prompt.version') ?? num(a, 'langfuse.prompt.version');
  return { name, version: version ?? null };
}

export function langfuseAsRoot(a: Attributes): boolean {
  return bool(a, 'langfuse.internal.as_root') === true;
}

/**
 * `langfuse.internal.is_app_root`: the Langfuse span processor sets it on each exported span whose parent it does
 * not export (an HTTP server span, a span filtered out by `shouldExportSpan`, a remote caller). That parent never
 * reaches a Langfuse backend, and Langfuse shows the span as a root and names the trace after it; so does Loupe,
 * unless the parent does arrive (another exporter sends it too), in which case the span stays under it.
 */
export function langfuseIsAppRoot(a: Attributes): boolean {
  return bool(a, 'langfuse.internal.is_app_root') === true;
}

export function langfuseEnvironment(a: Attributes, resource: Attributes): string | undefined {
  return (
    str(a, 'langfuse.environment') ??
    str(resource, 'langfuse.environment') ??
    str(resource, 'deployment.environment.name') ??
    str(resource, 'deployment.environment') ??
    str(a, 'deployment.environment.name') ??
    str(a, 'deployment.environment')
  );
}

export function langfuseUserId(a: Attributes): string | undefined {
  return str(a, 'langfuse.user.id') ?? str(a, 'user.id');
}

export function langfuseSessionId(a: Attributes): string | undefined {
  return str(a, 'langfuse.session.id') ?? str(a, 'session.id');
}

/** The trace-level keys other than user and session, which several conventions share. */
export function langfuseTracePatch(a: Attributes, resource: Attributes): TracePatch {
  const patch: TracePatch = {};
  const name = str(a, 'langfuse.trace.name');
  if (name !== undefined) patch.name = name;
  if ('langfuse.trace.input' in a) patch.input = jsonish(a['langfuse.trace.input']);
  if ('langfuse.trace.output' in a) patch.output = jsonish(a['langfuse.trace.output']);
  const tags = tagList(a['langfuse.trace.tags']) ?? tagList(a['langfuse.tags']);
  if (tags) patch.tags = tags;
  const metadata = langfuseTraceMetadata(a);
  if (metadata) patch.metadata = metadata;
  const isPublic = bool(a, 'langfuse.trace.public');
  if (isPublic !== undefined) patch.public = isPublic;
  const release = str(a, 'langfuse.release');
  if (release !== undefined) patch.release = release;
  const version = langfuseVersion(a, resource);
  if (version !== undefined) patch.version = version;
  return patch;
}
