import type { Score, TraceSummary } from '@core/model/types';
import type { ReactNode } from 'react';
import { CostText, CountText, DurationText, Invalid, StoredText, Tags, TimeText } from '../../components/StoredValue';
import { describeStored, formatCount, formatTokens, isCount, shortId } from '../../lib/format';
import { formatScoreValue, scoreTooltip } from '../trace-view/scores/score-format';
import { compactTokens } from '../trace-view/usage-format';
import type { SortKey } from './filter-traces';
import type { RowDetails } from './row-details';
import { TraceStatusText } from './TraceStatusText';
import type { ColumnId } from './trace-list-store';

export interface Column {
  id: ColumnId;
  label: string;
  numeric?: boolean;
  sortKey?: SortKey;
  /** Reads the row's details (models, input and output, scores) from the store, for the rows on screen. */
  needsDetails?: boolean;
  /** What the header's tooltip explains. */
  title?: string;
  render(t: TraceSummary, details: RowDetails | null): ReactNode;
}

const dash = <span className="muted">–</span>;

/** Tokens short enough for the column at any size: exact below 10,000, then "12.3k" (rounded down), never cut. */
function ShortTokens({ value }: { value: unknown }) {
  if (value === null) return dash;
  if (!isCount(value)) return <Invalid kind="tokens" value={value} />;
  return <>{compactTokens(value)}</>;
}

function Preview({ text, details }: { text: string | null | undefined; details: RowDetails | null }) {
  if (details === null) return null;
  if (!text) return dash;
  return (
    <span className="trace-preview" title={text}>
      {text}
    </span>
  );
}

function Models({ details }: { details: RowDetails | null }) {
  if (details === null) return null;
  const [first, ...rest] = details.models;
  if (first === undefined) return dash;
  return (
    <span className="trace-models" title={details.models.join(', ')}>
      <span className="trace-model">{first}</span>
      {rest.length > 0 && <span className="more-count">+{rest.length}</span>}
    </span>
  );
}

/** A stored score may hold anything: what cannot be described as a score is described as stored, never thrown. */
function describeScore(score: Score): { name: ReactNode; value: string; tooltip: string } {
  try {
    return {
      name: <StoredText value={score.name} kind="name" />,
      value: formatScoreValue(score),
      tooltip: scoreTooltip(score),
    };
  } catch {
    return { name: <StoredText value={score.name} kind="name" />, value: '', tooltip: describeStored(score) };
  }
}

/** The first score as a name-value chip and how many more; every score, with its details, in the tooltip. */
function Scores({ scores }: { scores: Score[] }) {
  if (scores.length === 0) return dash;
  const described = scores.map(describeScore);
  const first = described[0];
  return (
    <span className="trace-scores" title={described.map((d) => d.tooltip).join('\n\n')}>
      {first && (
        <span className="score-pill">
          <span className="score-pill-name">{first.name}</span> <span className="score-pill-value">{first.value}</span>
        </span>
      )}
      {scores.length > 1 && <span className="more-count">+{scores.length - 1}</span>}
    </span>
  );
}

/** The first tag and how many more, all of them in the tooltip; anything but a list of strings is marked by `Tags`. */
function ListTags({ value }: { value: unknown }) {
  if (!Array.isArray(value) || value.length === 0 || !value.every((t) => typeof t === 'string'))
    return <Tags value={value} empty={dash} />;
  return (
    <span className="trace-tags" title={value.join(', ')}>
      <Tags value={value.slice(0, 1)} />
      {value.length > 1 && <span className="more-count">+{value.length - 1}</span>}
    </span>
  );
}

/**
 * Each cell renders whatever the stored summary holds: a field that is not what its type says becomes a marked
 * placeholder (components/StoredValue.tsx) instead of throwing, so one broken trace cannot blank the list.
 * Numbers are never cut: a count that would not fit is abbreviated, with the exact figure in the tooltip.
 */
export const COLUMNS: Column[] = [
  { id: 'startTime', label: 'Start', sortKey: 'startTime', render: (t) => <TimeText value={t.startTime} /> },
  {
    id: 'name',
    label: 'Name',
    sortKey: 'name',
    render: (t) => (
      <>
        <span className="trace-name" title={typeof t.name === 'string' ? t.name : undefined}>
          <StoredText value={t.name} kind="name" empty={<span className="muted">unnamed trace</span>} />
        </span>
        {typeof t.id === 'string' ? (
          <span className="trace-id mono">{shortId(t.id)}</span>
        ) : (
          <Invalid kind="id" value={t.id} />
        )}
      </>
    ),
  },
  {
    id: 'input',
    label: 'Input',
    needsDetails: true,
    title: "The last user turn of the trace's input (or the input itself)",
    render: (_t, d) => <Preview text={d?.input} details={d} />,
  },
  {
    id: 'output',
    label: 'Output',
    needsDetails: true,
    render: (_t, d) => <Preview text={d?.output} details={d} />,
  },
  {
    id: 'model',
    label: 'Model',
    needsDetails: true,
    title: 'The models the trace called, in call order',
    render: (_t, d) => <Models details={d} />,
  },
  {
    id: 'latency',
    label: 'Latency',
    numeric: true,
    sortKey: 'latency',
    render: (t) => <DurationText value={t.latencyMs} />,
  },
  {
    id: 'tokens',
    label: 'Tokens',
    numeric: true,
    sortKey: 'tokens',
    title: 'Total tokens, then input → output',
    render: (t) => {
      if (!isCount(t.totalTokens)) return <Invalid kind="tokens" value={t.totalTokens} />;
      if (t.totalTokens === 0) return dash;
      return (
        <span
          title={`${formatTokens(t.totalTokens)} tokens: ${describeStored(t.inputTokens)} in, ${describeStored(t.outputTokens)} out`}
        >
          <ShortTokens value={t.totalTokens} />{' '}
          <span className="muted tokens-split">
            <ShortTokens value={t.inputTokens} />→<ShortTokens value={t.outputTokens} />
          </span>
        </span>
      );
    },
  },
  { id: 'cost', label: 'Cost', numeric: true, sortKey: 'cost', render: (t) => <CostText value={t.totalCost} /> },
  {
    id: 'scores',
    label: 'Scores',
    needsDetails: true,
    render: (_t, d) => (d === null ? null : <Scores scores={d.scores} />),
  },
  {
    id: 'level',
    label: 'Status',
    sortKey: 'level',
    title: "The level the run's root ended with, and how many steps failed",
    render: (t) => <TraceStatusText trace={t} />,
  },
  {
    id: 'errors',
    label: 'Errors',
    numeric: true,
    sortKey: 'errors',
    title: 'Observations that ended in ERROR',
    render: (t) =>
      !isCount(t.errorCount) || t.errorCount === 0 ? (
        dash
      ) : (
        <span className="error-count">{formatCount(t.errorCount)}</span>
      ),
  },
  {
    id: 'observations',
    label: 'Obs.',
    numeric: true,
    sortKey: 'observations',
    render: (t) => <CountText value={t.observationCount} />,
  },
  {
    id: 'user',
    label: 'User',
    sortKey: 'user',
    render: (t) => (
      <span className="mono">
        <StoredText value={t.userId} empty={dash} />
      </span>
    ),
  },
  {
    id: 'session',
    label: 'Session',
    sortKey: 'session',
    render: (t) => (
      <span className="mono">
        <StoredText value={t.sessionId} empty={dash} />
      </span>
    ),
  },
  { id: 'tags', label: 'Tags', render: (t) => <ListTags value={t.tags} /> },
  {
    id: 'environment',
    label: 'Environment',
    sortKey: 'environment',
    render: (t) => <StoredText value={t.environment} empty={dash} />,
  },
];

export const COLUMN_BY_ID = new Map(COLUMNS.map((c) => [c.id, c]));
