import type { Attributes, ObservationType } from '../model/types';
import { lookupTable } from '../otlp/safe-object';
import { jsonAlways, prefixed, str } from './attr';

/** OpenLLMetry / Traceloop SDK: `traceloop.span.kind`, `traceloop.entity.*`, association properties. */

const KINDS = lookupTable<ObservationType>({
  workflow: 'CHAIN',
  task: 'SPAN',
  agent: 'AGENT',
  tool: 'TOOL',
});

const ASSOCIATION = 'traceloop.association.properties.';

export function traceloopType(a: Attributes): ObservationType | undefined {
  const kind = str(a, 'traceloop.span.kind');
  return kind === undefined ? undefined : KINDS[kind];
}

/** Entity input and output are always JSON-encoded, strings included. */
export function traceloopInput(a: Attributes): unknown {
  return jsonAlways(a['traceloop.entity.input']);
}

export function traceloopOutput(a: Attributes): unknown {
  return jsonAlways(a['traceloop.entity.output']);
}

export function traceloopUserId(a: Attributes): string | undefined {
  return str(a, 'traceloop.association.properties.user_id');
}

export function traceloopSessionId(a: Attributes): string | undefined {
  return str(a, 'traceloop.association.properties.session_id');
}

/** Association properties other than the user and session ids (those become trace fields). */
export function traceloopMetadata(a: Attributes): Record<string, unknown> | undefined {
  const props = prefixed(a, ASSOCIATION);
  if (!props) return undefined;
  delete props.user_id;
  delete props.session_id;
  return Object.keys(props).length > 0 ? props : undefined;
}
