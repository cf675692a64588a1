import { DEFAULT_PRICE_TABLE, findPrice, type PriceTable } from '../cost/compute-cost';
import type { Score, TraceBody, TraceSummary, UsageDetails } from '../model/types';
import { setOwn } from '../otlp/safe-object';
import type { StoredObservation } from './otlp-json';

/**
 * A trace in the shape Langfuse's public API answers `GET /api/public/traces/{id}` with (`GetTraceV1Response` in
 * Langfuse's `web/src/features/public-api/types/traces.ts`: a strict schema, every key required): the trace's fields,
 * its observations (`APIObservation`) and its scores (`APIScoreSchemaV1`). Values are typed as Langfuse returns them:
 * metadata values that are JSON text come back parsed, prices and calculated costs are numbers from Loupe's price
 * table, usage and cost are reduced to input / output / total the way Langfuse reduces them. A tool that reads
 * Langfuse exports reads this; Loupe reads it back too. Raw OTLP attributes are not part of this shape.
 *
 * Loupe has no Langfuse project: `projectId` is `loupe` and `htmlPath` points into that project. Observations carry
 * no user or session here because Langfuse's v1 API leaves them out of observations (the inspector shows them).
 */

const LANGFUSE_EXPORT_PROJECT_ID = 'loupe';

export interface LangfuseObservationJson {
  id: string;
  projectId: string;
  traceId: string;
  parentObservationId: string | null;
  name: string;
  type: string;
  environment: string;
  startTime: string;
  endTime: string | null;
  version: string | null;
  createdAt: string;
  updatedAt: string;
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown>;
  level: string;
  statusMessage: string | null;
  model: string | null;
  modelParameters: Record<string, unknown> | null;
  completionStartTime: string | null;
  promptId: string | null;
  promptName: string | null;
  promptVersion: number | null;
  usageDetails: Record<string, number>;
  costDetails: Record<string, number>;
  usage: { unit: string | null; input: number; output: number; total: number };
  unit: string | null;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  usagePricingTierName: string | null;
  usagePricingTierId: string | null;
  modelId: string | null;
  /** USD per unit, from the price table's default prices for the model; 0 when it has none, as Langfuse says. */
  inputPrice: number | null;
  outputPrice: number | null;
  totalPrice: number | null;
  calculatedInputCost: number | null;
  calculatedOutputCost: number | null;
  calculatedTotalCost: number | null;
  /** Seconds, as Langfuse reports it. */
  latency: number | null;
  timeToFirstToken: number | null;
}

export interface LangfuseScoreJson {
  id: string;
  projectId: string;
  traceId: string;
  observationId: string | null;
  name: string;
  value?: number;
  stringValue?: string | null;
  dataType: string;
  source: string;
  authorUserId: string | null;
  comment: string | null;
  metadata: Record<string, unknown>;
  configId: string | null;
  queueId: string | null;
  executionTraceId: string | null;
  environment: string;
  timestamp: string;
  createdAt: string;
  updatedAt: string;
}

export interface LangfuseTraceJson {
  id: string;
  externalId: string | null;
  timestamp: string;
  name: string | null;
  userId: string | null;
  metadata: Record<string, unknown>;
  release: string | null;
  version: string | null;
  projectId: string;
  environment: string;
  public: boolean;
  bookmarked: boolean;
  tags: string[];
  input: unknown;
  output: unknown;
  sessionId: string | null;
  createdAt: string;
  updatedAt: string;
  htmlPath: string;
  /** Seconds. */
  latency: number;
  totalCost: number;
  observations: LangfuseObservationJson[];
  scores: LangfuseScoreJson[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Langfuse stores metadata values as text and answers them parsed (`parseJsonPrioritised`): `"0.9"` comes back as
 * 0.9, `"true"` as true, `'{"a":1}'` as an object; text that is not JSON stays text.
 */
export function langfuseMetadataValues(metadata: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    let v = value;
    if (typeof value === 'string') {
      try {
        v = JSON.parse(value);
      } catch {
        v = value;
      }
    }
    setOwn(out, key, v);
  }
  return out;
}

/** Langfuse's `reduceUsageOrCostDetails`: every key naming input (or output) summed, and `total` as stated or 0. */
function reduced(details: UsageDetails): { input: number | null; output: number | null; total: number } {
  let input: number | null = null;
  let output: number | null = null;
  for (const [key, n] of Object.entries(details)) {
    if (key.includes('input')) input = (input ?? 0) + n;
    if (key.includes('output')) output = (output ?? 0) + n;
  }
  return { input, output, total: details.total ?? 0 };
}

/** Langfuse's details hold non-negative numbers only (it drops the rest at ingestion). */
function nonNegative(details: UsageDetails): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(details)) if (Number.isFinite(n) && n >= 0) setOwn(out, key, n);
  return out;
}

/** Langfuse checks `promptVersion` as a positive integer; anything else is no version. */
function promptVersion(v: number | null): number | null {
  return v !== null && Number.isInteger(v) && v > 0 ? v : null;
}

function toLangfuseObservation(o: StoredObservation, prices: PriceTable, updatedAt: string): LangfuseObservationJson {
  const usageDetails = nonNegative(o.usage);
  const costDetails = nonNegative(o.cost);
  const usage = reduced(usageDetails);
  const cost = reduced(costDetails);
  const entry = o.model ? findPrice(o.model, prices) : undefined;
  const promptTokens = usage.input ?? 0;
  const completionTokens = usage.output ?? 0;
  const createdAt = iso(o.startTime);
  return {
    id: o.id,
    projectId: LANGFUSE_EXPORT_PROJECT_ID,
    traceId: o.traceId,
    parentObservationId: o.parentId,
    name: o.name,
    type: o.type,
    environment: o.environment,
    startTime: createdAt,
    endTime: o.endTime === null ? null : iso(o.endTime),
    version: o.version ?? null,
    createdAt,
    updatedAt,
    input: o.input ?? null,
    output: o.output ?? null,
    metadata: langfuseMetadataValues(o.metadata),
    level: o.level,
    statusMessage: o.statusMessage,
    model: o.model,
    modelParameters: o.modelParameters,
    completionStartTime: o.completionStartTime === null ? null : iso(o.completionStartTime),
    promptId: null,
    promptName: o.promptName,
    promptVersion: promptVersion(o.promptVersion),
    usageDetails,
    costDetails,
    usage: { unit: 'TOKENS', input: promptTokens, output: completionTokens, total: usage.total },
    unit: 'TOKENS',
    promptTokens,
    completionTokens,
    totalTokens: usage.total,
    usagePricingTierName: null,
    usagePricingTierId: null,
    modelId: entry?.id ?? null,
    inputPrice: entry?.prices.input ?? 0,
    outputPrice: entry?.prices.output ?? 0,
    totalPrice: entry?.prices.total ?? 0,
    calculatedInputCost: cost.input,
    calculatedOutputCost: cost.output,
    calculatedTotalCost: cost.total,
    latency: o.endTime === null ? null : (o.endTime - o.startTime) / 1000,
    timeToFirstToken: o.completionStartTime === null ? null : (o.completionStartTime - o.startTime) / 1000,
  };
}

/**
 * Langfuse's v1 score shapes by data type: numeric scores have a null `stringValue`, text scores no `value`; a trace's
 * scores always name the trace. `null` for a score attached to a session only (it is not the trace's).
 */
function toLangfuseScore(s: Score, traceId: string): LangfuseScoreJson | null {
  if (s.traceId !== null && s.traceId !== traceId) return null;
  if (s.traceId === null && s.observationId === null) return null;
  const at = iso(s.timestamp);
  const base = {
    id: s.id,
    projectId: LANGFUSE_EXPORT_PROJECT_ID,
    traceId,
    observationId: s.observationId,
    name: s.name,
    dataType: s.dataType,
    source: 'API',
    authorUserId: null,
    comment: s.comment,
    metadata: langfuseMetadataValues(s.metadata),
    configId: null,
    queueId: null,
    executionTraceId: null,
    environment: s.environment,
    timestamp: at,
    createdAt: at,
    updatedAt: at,
  };
  switch (s.dataType) {
    case 'TEXT':
      return { ...base, stringValue: s.stringValue ?? '' };
    case 'NUMERIC':
    case 'CORRECTION':
      return { ...base, value: s.value ?? 0, stringValue: null };
    default:
      return { ...base, value: s.value ?? 0, stringValue: s.stringValue ?? '' };
  }
}

export function toLangfuseTrace(
  summary: TraceSummary,
  body: TraceBody | null,
  observations: StoredObservation[],
  scores: Score[],
  prices: PriceTable = DEFAULT_PRICE_TABLE,
): LangfuseTraceJson {
  const updatedAt = iso(summary.updatedAt > 0 ? summary.updatedAt : summary.endTime);
  const out = observations.map((o) => toLangfuseObservation(o, prices, updatedAt));
  return {
    id: summary.id,
    externalId: null,
    timestamp: iso(summary.startTime),
    name: summary.name,
    userId: summary.userId,
    metadata: langfuseMetadataValues(body?.metadata ?? {}),
    release: summary.release,
    version: summary.version,
    projectId: LANGFUSE_EXPORT_PROJECT_ID,
    environment: summary.environment,
    public: summary.public ?? false,
    bookmarked: false,
    tags: summary.tags,
    input: body?.input ?? null,
    output: body?.output ?? null,
    sessionId: summary.sessionId,
    createdAt: iso(summary.startTime),
    updatedAt,
    htmlPath: `/project/${LANGFUSE_EXPORT_PROJECT_ID}/traces/${summary.id}`,
    latency: summary.latencyMs / 1000,
    // Langfuse sums its observations' calculated total cost; so does the trace row, which also skips a call
    // recorded twice (trace/same-call.ts).
    totalCost: summary.totalCost,
    observations: out,
    scores: scores.flatMap((s) => toLangfuseScore(s, summary.id) ?? []),
  };
}
