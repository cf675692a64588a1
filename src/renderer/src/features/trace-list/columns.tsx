import type { TraceSummary } from '@core/model/types';
import type { ReactNode } from 'react';
import {
  CostText,
  CountText,
  DurationText,
  Invalid,
  StoredText,
  Tags,
  TimeText,
  TokensText,
} from '../../components/StoredValue';
import { describeStored, formatTokens, isCount, shortId } from '../../lib/format';
import type { SortKey } from './filter-traces';
import { TraceStatusText } from './TraceStatusText';
import type { ColumnId } from './trace-list-store';

export interface Column {
  id: ColumnId;
  label: string;
  numeric?: boolean;
  sortKey?: SortKey;
  render(t: TraceSummary): ReactNode;
}

const dash = <span className="muted">–</span>;

/**
 * Each cell renders whatever the stored summary holds: a field that is not what its type says becomes a marked
 * placeholder (components/StoredValue.tsx) instead of throwing, so one broken trace cannot blank the list.
 */
export const COLUMNS: Column[] = [
  { id: 'startTime', label: 'Start', sortKey: 'startTime', render: (t) => <TimeText value={t.startTime} /> },
  {
    id: 'name',
    label: 'Name',
    sortKey: 'name',
    render: (t) => (
      <>
        <span className="trace-name">
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
    render: (t) => {
      if (!isCount(t.totalTokens)) return <Invalid kind="tokens" value={t.totalTokens} />;
      if (t.totalTokens === 0) return dash;
      return (
        <span title={`${describeStored(t.inputTokens)} in, ${describeStored(t.outputTokens)} out`}>
          {formatTokens(t.totalTokens)}{' '}
          <span className="muted tokens-split">
            <TokensText value={t.inputTokens} />→<TokensText value={t.outputTokens} />
          </span>
        </span>
      );
    },
  },
  { id: 'cost', label: 'Cost', numeric: true, sortKey: 'cost', render: (t) => <CostText value={t.totalCost} /> },
  {
    id: 'observations',
    label: 'Obs.',
    numeric: true,
    sortKey: 'observations',
    render: (t) => <CountText value={t.observationCount} />,
  },
  { id: 'level', label: 'Status', sortKey: 'level', render: (t) => <TraceStatusText trace={t} /> },
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
  { id: 'tags', label: 'Tags', render: (t) => <Tags value={t.tags} empty={dash} /> },
  {
    id: 'environment',
    label: 'Environment',
    sortKey: 'environment',
    render: (t) => <StoredText value={t.environment} empty={dash} />,
  },
];

export const COLUMN_BY_ID = new Map(COLUMNS.map((c) => [c.id, c]));
