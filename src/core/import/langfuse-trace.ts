/**
 * A Langfuse trace export (what `GET /api/public/traces/{id}` answers, and what the Langfuse UI downloads) as the
 * ingestion events a Langfuse SDK would have sent for it, so an import goes through the same mapping as
 * `POST /api/public/ingestion`: one `trace-create`, one `observation-create` per observation, one `score-create`
 * per score.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with an id and an `observations` array: the trace shape of Langfuse's public API. */
export function isLangfuseTrace(v: unknown): v is Json {
  return isObject(v) && typeof v.id === 'string' && Array.isArray(v.observations);
}

const TRACE_FIELDS = [
  'id',
  'timestamp',
  'name',
  'input',
  'output',
  'sessionId',
  'userId',
  'release',
  'version',
  'metadata',
  'tags',
  'public',
  'environment',
] as const;

const OBSERVATION_FIELDS = [
  'id',
  'traceId',
  'type',
  'parentObservationId',
  'name',
  'startTime',
  'endTime',
  'completionStartTime',
  'model',
  'modelParameters',
  'input',
  'output',
  'metadata',
  'level',
  'statusMessage',
  'version',
  'environment',
  'promptName',
  'promptVersion',
  'usageDetails',
  'costDetails',
  'usage',
] as const;

const SCORE_FIELDS = [
  'id',
  'traceId',
  'observationId',
  'sessionId',
  'name',
  'dataType',
  'comment',
  'timestamp',
  'environment',
  'metadata',
] as const;

/** The listed fields that are set: the API writes null for every absent one, which the ingestion mapping would read as a value. */
function pick(source: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const key of fields) {
    const v = source[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out;
}

export interface LangfuseTraceEvents {
  events: Json[];
  /** Parts that could not be read, each naming the trace and the problem. */
  errors: string[];
}

export function langfuseTraceEvents(trace: Json): LangfuseTraceEvents {
  const traceId = trace.id as string;
  const errors: string[] = [];
  const events: Json[] = [{ id: `trace-${traceId}`, type: 'trace-create', body: pick(trace, TRACE_FIELDS) }];
  const observations = trace.observations as unknown[];
  observations.forEach((o, i) => {
    if (!isObject(o)) {
      // The list endpoint (`GET /api/public/traces`) names observations by id only.
      errors.push(
        `trace ${traceId}: observation #${i} is ${typeof o === 'string' ? `only an id ("${o}")` : 'not an object'}; export the trace with GET /api/public/traces/${traceId} to include its observations`,
      );
      return;
    }
    const body = pick(o, OBSERVATION_FIELDS);
    body.traceId ??= traceId;
    // The API's `endTime: null` means "not ended"; keep it, unlike other nulls.
    if (o.endTime === null) body.endTime = null;
    if (typeof body.type === 'string') body.type = body.type.toUpperCase();
    // `usage` mirrors `usageDetails` for old API clients (zeros when there is no usage): the details say it all.
    if (isObject(o.usageDetails)) delete body.usage;
    events.push({ id: `obs-${traceId}-${String(body.id ?? i)}`, type: 'observation-create', body });
  });
  const scores = Array.isArray(trace.scores) ? trace.scores : [];
  scores.forEach((s, i) => {
    if (!isObject(s)) {
      errors.push(
        `trace ${traceId}: score #${i} is not an object (${JSON.stringify(s)?.slice(0, 60)}); it was skipped`,
      );
      return;
    }
    const body = pick(s, SCORE_FIELDS);
    body.traceId ??= traceId;
    const dataType = typeof s.dataType === 'string' ? s.dataType.toUpperCase() : '';
    // Categorical and text scores keep their value as text; the API also sends a numeric `value` for them.
    const textual = dataType === 'CATEGORICAL' || dataType === 'TEXT';
    const value = textual ? (s.stringValue ?? s.value) : (s.value ?? s.stringValue);
    if (value !== null && value !== undefined) body.value = value;
    events.push({ id: `score-${String(body.id ?? `${traceId}-${i}`)}`, type: 'score-create', body });
  });
  return { events, errors };
}
