import type { TraceSummary } from '@core/model/types';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from './columns';
import { seedRowDetails } from './row-details';
import { TraceListRowCells } from './TraceListRow';

/*
 * What the writer posts with a commit (the stored summary and the previews of the bodies it wrote) gives a trace row
 * its details in the very render that shows the new version: rows appear complete instead of filling in a frame
 * later, which during a drain would lay out every new row twice.
 */

const T0 = 1_795_376_735_000;

function summary(id: string, updatedAt: number): TraceSummary {
  return {
    id,
    name: 'agent-run',
    nameIsExplicit: true,
    startTime: T0,
    endTime: T0 + 2000,
    latencyMs: 2000,
    observationCount: 3,
    inputTokens: 120,
    outputTokens: 30,
    totalTokens: 150,
    totalCost: 0.002,
    worstLevel: 'DEFAULT',
    errorCount: 0,
    rootObservationId: 'aaaaaaaaaaaaaaaa',
    userId: null,
    sessionId: null,
    tags: [],
    environment: 'default',
    release: null,
    version: null,
    updatedAt,
    models: [
      { model: 'gpt-4o', at: T0 + 100 },
      { model: 'claude-sonnet-4', at: T0 + 900 },
    ],
  } as TraceSummary;
}

const columns = COLUMNS.filter((c) => ['name', 'input', 'output', 'model'].includes(c.id));
const render = (trace: TraceSummary) =>
  renderToString(<TraceListRowCells trace={trace} columns={columns} template="" top={0} height={30} />);

describe('row details from the writer post', () => {
  it('renders a stored version complete on its first render: models, input and output', () => {
    const trace = summary('1'.repeat(32), T0 + 10);
    seedRowDetails([trace], [{ id: trace.id, input: 'What is the weather?', output: 'Sunny' }]);
    const html = render(trace);
    expect(html).toContain('What is the weather?');
    expect(html).toContain('Sunny');
    expect(html).toContain('gpt-4o');
    expect(html).toContain('claude-sonnet-4');
  });

  it('shows a newer post for the same trace with that version, and never on another trace', () => {
    const first = summary('2'.repeat(32), T0 + 10);
    seedRowDetails([first], [{ id: first.id, input: 'first question', output: null }]);
    const later = summary(first.id, T0 + 20);
    seedRowDetails([later], [{ id: later.id, input: 'first question', output: 'final answer' }]);
    expect(render(later)).toContain('final answer');

    const other = summary('3'.repeat(32), T0 + 10);
    // A preview posted without its summary, or for another trace, seeds nothing.
    seedRowDetails([other], [{ id: first.id, input: 'not this trace', output: null }]);
    const html = render(other);
    expect(html).not.toContain('not this trace');
    expect(html).not.toContain('final answer');
  });

  it('ignores a post whose summary has no version', () => {
    const trace = { ...summary('4'.repeat(32), T0), updatedAt: undefined } as unknown as TraceSummary;
    expect(() => seedRowDetails([trace], [{ id: trace.id, input: 'q', output: 'a' }])).not.toThrow();
    expect(render(trace)).not.toContain('>q<');
  });
});
