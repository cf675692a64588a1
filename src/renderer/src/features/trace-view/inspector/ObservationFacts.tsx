import type { ObservationRow, UsageDetails } from '@core/model/types';
import { totalCost } from '@core/trace/usage-totals';
import type { ReactNode } from 'react';
import { LevelChip } from '../../../components/LevelChip';
import { formatCost, formatDuration, formatTimestamp, formatTokens } from '../../../lib/format';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** Usage keys in reading order: the three everyone looks for first, then the details. */
function usageEntries(usage: UsageDetails): [string, number][] {
  const first = ['input', 'output', 'total'];
  const rest = Object.keys(usage)
    .filter((k) => !first.includes(k))
    .sort();
  return [...first, ...rest].flatMap((k) => (usage[k] === undefined ? [] : [[k, usage[k]] as [string, number]]));
}

const paramText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export function ObservationFacts({ row }: { row: ObservationRow }) {
  const duration = row.endTime === null ? null : row.endTime - row.startTime;
  const isModelCall = row.type === 'GENERATION' || row.type === 'EMBEDDING' || row.model !== null;
  const usage = usageEntries(row.usage);
  const cost = Object.keys(row.cost).length > 0 ? totalCost(row.cost) : undefined;
  const params = Object.entries(row.modelParameters ?? {});
  return (
    <dl className="facts-grid">
      <Row label="Start">{formatTimestamp(row.startTime)}</Row>
      <Row label="Duration">{duration === null ? 'not ended' : formatDuration(duration)}</Row>
      {row.completionStartTime !== null && (
        <Row label="First token">{formatDuration(row.completionStartTime - row.startTime)}</Row>
      )}
      <Row label="Level">
        <LevelChip level={row.level} />
        {row.statusMessage && <span className="status-message">{row.statusMessage}</span>}
      </Row>
      {isModelCall && (
        <Row label="Model" testId="inspector-model">
          <span className="mono">{row.model ?? 'unknown'}</span>
        </Row>
      )}
      {params.length > 0 && (
        <Row label="Parameters">
          {params.map(([k, v]) => (
            <span key={k} className="param" title={paramText(v)}>
              {k}: <span className="mono">{paramText(v)}</span>
            </span>
          ))}
        </Row>
      )}
      {usage.length > 0 && (
        <Row label="Usage">
          {usage.map(([k, n]) => (
            <span key={k} className="param">
              {k}: <span className="mono">{formatTokens(n)}</span>
            </span>
          ))}
        </Row>
      )}
      {cost !== undefined && <Row label="Cost">{formatCost(cost)}</Row>}
      {row.promptName && (
        <Row label="Prompt">
          {row.promptName}
          {row.promptVersion !== null && ` v${row.promptVersion}`}
        </Row>
      )}
      {row.serviceName && <Row label="Service">{row.serviceName}</Row>}
    </dl>
  );
}
