import type { Score, TraceBody, TraceSummary } from '../model/types';
import type { StoredObservation } from './otlp-json';

/**
 * A trace in the shape Langfuse's public API answers `GET /api/public/traces/{id}` with: the trace's fields, its
 * observations and its scores. Langfuse (and Loupe) read it back; raw OTLP attributes are not part of this shape.
 */

export interface LangfuseObservationJson {
  id: string;
  traceId: string;
  type: string;
  name: string;
  startTime: string;
  endTime: string | null;
  completionStartTime: string | null;
  parentObservationId: string | null;
  model: string | null;
  modelParameters: Record<string, unknown> | null;
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown>;
  level: string;
  statusMessage: string | null;
  version: string | null;
  environment: string;
  promptName: string | null;
  promptVersion: number | null;
  usageDetails: Record<string, number>;
  costDetails: Record<string, number>;
  /** Seconds, as Langfuse reports it. */
  latency: number | null;
  timeToFirstToken: number | null;
}

export interface LangfuseScoreJson {
  id: string;
  traceId: string | null;
  observationId: string | null;
  sessionId: string | null;
  name: string;
  value: number | null;
  stringValue: string | null;
  dataType: string;
  comment: string | null;
  source: string;
  timestamp: string;
  environment: string;
  metadata: Record<string, unknown>;
}

export interface LangfuseTraceJson {
  id: string;
  timestamp: string;
  name: string | null;
  input: unknown;
  output: unknown;
  sessionId: string | null;
  userId: string | null;
  release: string | null;
  version: string | null;
  metadata: Record<string, unknown>;
  tags: string[];
  public: boolean;
  environment: string;
  /** Seconds. */
  latency: number;
  totalCost: number;
  observations: LangfuseObservationJson[];
  scores: LangfuseScoreJson[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function toLangfuseObservation(o: StoredObservation): LangfuseObservationJson {
  return {
    id: o.id,
    traceId: o.traceId,
    type: o.type,
    name: o.name,
    startTime: iso(o.startTime),
    endTime: o.endTime === null ? null : iso(o.endTime),
    completionStartTime: o.completionStartTime === null ? null : iso(o.completionStartTime),
    parentObservationId: o.parentId,
    model: o.model,
    modelParameters: o.modelParameters,
    input: o.input,
    output: o.output,
    metadata: o.metadata,
    level: o.level,
    statusMessage: o.statusMessage,
    version: null,
    environment: o.environment,
    promptName: o.promptName,
    promptVersion: o.promptVersion,
    usageDetails: o.usage,
    costDetails: o.cost,
    latency: o.endTime === null ? null : (o.endTime - o.startTime) / 1000,
    timeToFirstToken: o.completionStartTime === null ? null : (o.completionStartTime - o.startTime) / 1000,
  };
}

function toLangfuseScore(s: Score): LangfuseScoreJson {
  return {
    id: s.id,
    traceId: s.traceId,
    observationId: s.observationId,
    sessionId: s.sessionId,
    name: s.name,
    value: s.value,
    stringValue: s.stringValue,
    dataType: s.dataType,
    comment: s.comment,
    source: 'API',
    timestamp: iso(s.timestamp),
    environment: s.environment,
    metadata: s.metadata,
  };
}

export function toLangfuseTrace(
  summary: TraceSummary,
  body: TraceBody | null,
  observations: StoredObservation[],
  scores: Score[],
): LangfuseTraceJson {
  return {
    id: summary.id,
    timestamp: iso(summary.startTime),
    name: summary.name,
    input: body?.input ?? null,
    output: body?.output ?? null,
    sessionId: summary.sessionId,
    userId: summary.userId,
    release: summary.release,
    version: summary.version,
    metadata: body?.metadata ?? {},
    tags: summary.tags,
    public: false,
    environment: summary.environment,
    latency: summary.latencyMs / 1000,
    totalCost: summary.totalCost,
    observations: observations.map(toLangfuseObservation),
    scores: scores.map(toLangfuseScore),
  };
}
