import type { Observation, TraceUpsert } from '../model/types';
import { DEFAULT_MAX_VALUE_BYTES, truncateText } from '../otlp/truncate';

/**
 * The OTLP value cap (`truncateLargeValues`) for the Langfuse ingestion API: every string inside input, output and
 * metadata (observations and traces), and names and status messages, cut to `maxBytes` with the same marker. The
 * structure around a cut string stays, so a chat whose one image is huge still reads as a chat.
 */

type Container = Record<string, unknown> | unknown[];

class JsonTruncator {
  count = 0;
  constructor(private readonly maxBytes: number) {}

  text(v: string): string {
    const cut = truncateText(v, this.maxBytes);
    if (cut !== v) this.count++;
    return cut;
  }

  /** The value with its long strings cut; containers are changed in place, without recursion. */
  value(root: unknown): unknown {
    if (typeof root === 'string') return this.text(root);
    if (typeof root !== 'object' || root === null) return root;
    const stack: Container[] = [root as Container];
    while (stack.length > 0) {
      const c = stack.pop() as Container;
      const keys = Array.isArray(c) ? c.keys() : Object.keys(c);
      for (const key of keys) {
        const v = (c as Record<string | number, unknown>)[key];
        if (typeof v === 'string') {
          const cut = this.text(v);
          // defineProperty: a parsed `__proto__` key is an own data property and must stay one.
          if (cut !== v) Object.defineProperty(c, key, { value: cut, enumerable: true, writable: true });
        } else if (typeof v === 'object' && v !== null) {
          stack.push(v as Container);
        }
      }
    }
    return root;
  }
}

/** Cuts long strings in the mapped ingestion batch, in place; returns how many were cut. */
export function truncateIngestionValues(
  observations: Observation[],
  traces: TraceUpsert[],
  maxBytes = DEFAULT_MAX_VALUE_BYTES,
): number {
  const t = new JsonTruncator(maxBytes);
  for (const o of observations) {
    o.name = t.text(o.name);
    if (o.statusMessage !== null) o.statusMessage = t.text(o.statusMessage);
    o.input = t.value(o.input);
    o.output = t.value(o.output);
    t.value(o.metadata);
  }
  for (const { patch } of traces) {
    if (patch.name !== undefined) patch.name = t.text(patch.name);
    if (patch.input !== undefined) patch.input = t.value(patch.input);
    if (patch.output !== undefined) patch.output = t.value(patch.output);
    if (patch.metadata) t.value(patch.metadata);
  }
  return t.count;
}
