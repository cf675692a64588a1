import type { TraceSummary } from '@core/model/types';
import { memo } from 'react';
import { LevelChip } from '../../components/LevelChip';
import { formatCost, formatDuration, formatStart, formatTokens } from '../../lib/format';
import { traceHash, useRouteStore } from '../../route/route-store';

export const TraceListRow = memo(function TraceListRow({ trace }: { trace: TraceSummary }) {
  const open = () => useRouteStore.getState().navigate(traceHash(trace.id));
  return (
    <tr className="trace-row" data-testid="trace-row" onClick={open}>
      <td className="trace-name-cell">
        <a href={traceHash(trace.id)} onClick={(e) => e.preventDefault()} className="trace-name">
          {trace.name ?? <span className="muted">unnamed trace</span>}
        </a>
        <span className="trace-id mono">{trace.id.slice(0, 8)}</span>
      </td>
      <td className="nowrap">{formatStart(trace.startTime)}</td>
      <td className="num">{formatDuration(trace.latencyMs)}</td>
      <td className="num">{trace.observationCount}</td>
      <td className="num" title={`${trace.inputTokens} in, ${trace.outputTokens} out`}>
        {trace.totalTokens > 0 ? formatTokens(trace.totalTokens) : '–'}
      </td>
      <td className="num">{formatCost(trace.totalCost)}</td>
      <td>
        <LevelChip level={trace.worstLevel} title={trace.errorCount > 0 ? `${trace.errorCount} errors` : undefined} />
      </td>
    </tr>
  );
});
