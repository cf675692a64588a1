import type { TraceSummary } from '@core/model/types';
import type { ReactNode } from 'react';
import { LevelChip } from '../../components/LevelChip';
import { formatCost, formatDuration, formatStart, formatTokens } from '../../lib/format';
import type { SortKey } from './filter-traces';
import type { ColumnId } from './trace-list-store';

export interface Column {
  id: ColumnId;
  label: string;
  numeric?: boolean;
  sortKey?: SortKey;
  render(t: TraceSummary): ReactNode;
}

const dash = <span className="muted">–</span>;

export const COLUMNS: Column[] = [
  { id: 'startTime', label: 'Start', sortKey: 'startTime', render: (t) => formatStart(t.startTime) },
  {
    id: 'name',
    label: 'Name',
    sortKey: 'name',
    render: (t) => (
      <>
        <span className="trace-name">{t.name ?? <span className="muted">unnamed trace</span>}</span>
        <span className="trace-id mono">{t.id.slice(0, 8)}</span>
      </>
    ),
  },
  { id: 'latency', label: 'Latency', numeric: true, sortKey: 'latency', render: (t) => formatDuration(t.latencyMs) },
  {
    id: 'tokens',
    label: 'Tokens',
    numeric: true,
    sortKey: 'tokens',
    render: (t) =>
      t.totalTokens > 0 ? (
        <span title={`${t.inputTokens} in, ${t.outputTokens} out`}>
          {formatTokens(t.totalTokens)}{' '}
          <span className="muted tokens-split">
            {formatTokens(t.inputTokens)}→{formatTokens(t.outputTokens)}
          </span>
        </span>
      ) : (
        dash
      ),
  },
  { id: 'cost', label: 'Cost', numeric: true, sortKey: 'cost', render: (t) => formatCost(t.totalCost) },
  { id: 'observations', label: 'Obs.', numeric: true, sortKey: 'observations', render: (t) => t.observationCount },
  {
    id: 'level',
    label: 'Level',
    sortKey: 'level',
    render: (t) => <LevelChip level={t.worstLevel} title={t.errorCount > 0 ? `${t.errorCount} errors` : undefined} />,
  },
  {
    id: 'user',
    label: 'User',
    sortKey: 'user',
    render: (t) => (t.userId ? <span className="mono">{t.userId}</span> : dash),
  },
  {
    id: 'session',
    label: 'Session',
    sortKey: 'session',
    render: (t) => (t.sessionId ? <span className="mono">{t.sessionId}</span> : dash),
  },
  {
    id: 'tags',
    label: 'Tags',
    render: (t) =>
      t.tags.length > 0
        ? t.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))
        : dash,
  },
  { id: 'environment', label: 'Environment', sortKey: 'environment', render: (t) => t.environment },
];

export const COLUMN_BY_ID = new Map(COLUMNS.map((c) => [c.id, c]));
