import type { ObservationRow } from '@core/model/types';
import { totalCost } from '@core/trace/usage-totals';
import type { ReactNode } from 'react';
import { CopyButton } from '../../../components/CopyButton';
import { LevelChip } from '../../../components/LevelChip';
import { formatCost, formatDuration, formatTimestamp, formatTokens } from '../../../lib/format';
import { hasUsage, splitUsage } from '../../../lib/usage';
import { LongText } from './LongText';
import { shownParameters } from './shown-parameters';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

function Count({ label, n, testId }: { label: string; n: number | undefined; testId?: string }) {
  if (n === undefined) return null;
  return (
    <span className="param" data-testid={testId}>
      {label} <span className="mono">{formatTokens(n)}</span>
    </span>
  );
}

/** Fields newer mappers add; read optionally so the inspector works with and without them. */
type RichRow = ObservationRow & { exception?: unknown; costSource?: unknown };

function exceptionText(exception: unknown): string | null {
  if (typeof exception === 'string') return exception;
  if (typeof exception !== 'object' || exception === null) return null;
  const e = exception as Record<string, unknown>;
  const parts = [e.type, e.message].filter((p) => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(': ') : null;
}

/** The facts a reader checks first: timing, model, usage, cost and status, from the small row alone. */
export function ObservationFacts({ row }: { row: ObservationRow }) {
  const r = row as RichRow;
  const duration = row.endTime === null ? null : row.endTime - row.startTime;
  const isModelCall = row.type === 'GENERATION' || row.type === 'EMBEDDING' || row.model !== null;
  const usage = splitUsage(row.usage);
  const cost = Object.keys(row.cost).length > 0 ? totalCost(row.cost) : undefined;
  const params = shownParameters(row.modelParameters);
  const exception = exceptionText(r.exception);
  return (
    <dl className="facts-grid">
      <Row label="Start">{formatTimestamp(row.startTime)}</Row>
      <Row label="Latency" testId="inspector-latency">
        {duration === null ? 'not ended' : formatDuration(duration)}
      </Row>
      {row.completionStartTime !== null && (
        <Row label="First token" testId="inspector-ttft">
          {formatDuration(row.completionStartTime - row.startTime)}
        </Row>
      )}
      <Row label="Level">
        <LevelChip level={row.level} />
        {row.statusMessage && <span className="status-message">{row.statusMessage}</span>}
      </Row>
      {exception && (
        <Row label="Exception">
          <span className="status-message">{exception}</span>
        </Row>
      )}
      {isModelCall && (
        <Row label="Model" testId="inspector-model">
          <span className="mono">{row.model ?? 'unknown'}</span>
        </Row>
      )}
      {params.inline.length + params.blocks.length > 0 && (
        <Row label="Parameters" testId="inspector-parameters">
          {params.inline.map(([k, text]) => (
            <span key={k} className="param" title={text}>
              {k}: <span className="mono">{text}</span>
            </span>
          ))}
          {params.blocks.map(([k, text]) => (
            <div key={k} className="param-block">
              <div className="param-block-head">
                <span className="param">{k}</span>
                <CopyButton text={() => text} />
              </div>
              <LongText as="pre" className="code-block param-value" text={text} />
            </div>
          ))}
        </Row>
      )}
      {hasUsage(usage) && (
        <Row label="Usage" testId="inspector-usage">
          <Count label="input" n={usage.input} />
          <Count label="output" n={usage.output} />
          <Count label="cached" n={usage.cached} />
          <Count label="reasoning" n={usage.reasoning} />
          <Count label="total" n={usage.total} />
          {usage.other.map(([k, n]) => (
            <Count key={k} label={k} n={n} />
          ))}
        </Row>
      )}
      {cost !== undefined && (
        <Row label="Cost" testId="inspector-cost">
          {formatCost(cost)}
          {typeof r.costSource === 'string' && <span className="muted">{r.costSource}</span>}
        </Row>
      )}
      {row.promptName && (
        <Row label="Prompt">
          <span className="mono">{row.promptName}</span>
          {row.promptVersion !== null && <span className="muted">v{row.promptVersion}</span>}
        </Row>
      )}
      {row.environment !== 'default' && <Row label="Environment">{row.environment}</Row>}
    </dl>
  );
}
