import { type LogRecord, type Observation, type ObservationRow, splitObservation } from './types';

/**
 * A complete observation for tests, with neutral defaults: a root SPAN of trace `t` named after its id, lasting
 * 1 ms from time 0. Pass only what the test is about.
 */
export function testObservation(over: Partial<Observation> & Pick<Observation, 'id'>): Observation {
  const parentId = over.parentId ?? null;
  return {
    traceId: 't',
    parentId,
    isRoot: parentId === null,
    type: 'SPAN',
    name: over.id,
    startTime: 0,
    endTime: 1,
    completionStartTime: null,
    level: 'DEFAULT',
    statusMessage: null,
    model: null,
    modelParameters: null,
    usage: {},
    cost: {},
    promptName: null,
    promptVersion: null,
    environment: 'default',
    serviceName: null,
    input: null,
    output: null,
    metadata: {},
    attributes: {},
    resource: {},
    scope: { name: 'test', version: null },
    events: [],
    links: [],
    trace: {},
    ...over,
  };
}

/** The indexed row of `testObservation`, for code that reads rows only (trees, timelines, graphs). */
export function testRow(over: Partial<ObservationRow> & Pick<ObservationRow, 'id'>): ObservationRow {
  return splitObservation(testObservation(over)).row;
}

/** A log record for tests, with neutral defaults: an INFO line of span `s` in trace `t` at time 0. */
export function testLogRecord(over: Partial<LogRecord> & Pick<LogRecord, 'id'>): LogRecord {
  return {
    traceId: 't',
    spanId: 's',
    time: 0,
    order: 0,
    severityNumber: 9,
    severityText: null,
    eventName: null,
    body: null,
    attributes: {},
    resource: {},
    scope: { name: 'test', version: null },
    ...over,
  };
}
