import { encodeSegment } from '@core/analysis/fact-segments';
import { traceFact } from '@core/analysis/facts';
import { testObservation } from '@core/model/test-observation';
import { type Observation, splitObservation, type TraceSummary } from '@core/model/types';
import { mergeObservationIntoTrace } from '@core/trace/merge';
import { bench, describe } from 'vitest';
import { generationFactsOf } from './generation-facts';

/**
 * What the analysis delta adds to the writer's own work, per transaction of 1,000 traces and 10,000 observations
 * (4 model calls per trace), about what the batch writer puts in one transaction under load (it groups up to 8,192
 * observations): `npx vitest bench generation-facts`.
 */
const NOW = Date.parse('2025-06-02T10:00:00Z');
const observations: Observation[] = [];
for (let t = 0; t < 1000; t++) {
  const traceId = t.toString(16).padStart(32, '0');
  observations.push(
    testObservation({ traceId, id: `${traceId}-root`, type: 'AGENT', name: 'agent', startTime: NOW, endTime: NOW + 9 }),
  );
  for (let k = 0; k < 9; k++) {
    const call = k % 2 === 0 && k < 8;
    observations.push(
      testObservation({
        traceId,
        id: `${traceId}-${k}`,
        parentId: `${traceId}-root`,
        type: call ? 'GENERATION' : 'TOOL',
        name: call ? `step-${k}` : 'tool',
        model: call ? (k < 4 ? 'gpt-4o' : 'gpt-4o-mini') : null,
        startTime: NOW + k,
        endTime: NOW + k + 1,
        usage: call ? { input: 1000, output: 200, input_cached_tokens: 100 } : {},
        cost: call ? { total: 0.002 } : {},
      }),
    );
  }
}

/** The writer's in-memory work for the same transaction: merging into summaries and splitting rows from bodies. */
function writerWork() {
  const traces = new Map<string, TraceSummary>();
  const rows = observations.map((o) => {
    traces.set(o.traceId, mergeObservationIntoTrace(traces.get(o.traceId), o, undefined, NOW));
    return splitObservation(o).row;
  });
  return { rows, summaries: [...traces.values()] };
}
const { rows, summaries } = writerWork();
const facts = generationFactsOf(rows, NOW);

describe('one write of 10,000 observations', () => {
  bench('the writer in memory (merge, split; no IndexedDB)', () => {
    writerWork();
  });
  bench('generation facts rows', () => {
    generationFactsOf(rows, NOW);
  });
  bench('the analysis delta on top (trace and call facts in columns)', () => {
    encodeSegment(summaries.map(traceFact), facts);
  });
});
