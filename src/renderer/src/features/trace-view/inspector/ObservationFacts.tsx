import { noTokenizer, tokenizerFor } from '@core/cost/tokenizer-models';
import type { ObservationRow } from '@core/model/types';
import { totalCost } from '@core/trace/usage-totals';
import type { ReactNode } from 'react';
import { CopyButton } from '../../../components/CopyButton';
import { CostText, DurationText, LevelText, StoredText, TimeText, TokensText } from '../../../components/StoredValue';
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
      {label}{' '}
      <span className="mono">
        <TokensText value={n} />
      </span>
    </span>
  );
}

const isRecord = (v: unknown): v is Record<string, number> => typeof v === 'object' && v !== null;

/** Fields newer mappers add; read optionally so the inspector works with and without them. */
type RichRow = ObservationRow & {
  exception?: unknown;
  costSource?: unknown;
  usageSource?: unknown;
  usageAliases?: unknown;
  version?: unknown;
  userId?: unknown;
  sessionId?: unknown;
};

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The mark inferred usage and its cost carry here and in Analysis. */
export function InferredMark({ model }: { model: string | null }) {
  const encoding = model ? tokenizerFor(model)?.encoding : undefined;
  return (
    <span
      className="inferred-mark"
      data-testid="inferred-mark"
      title={
        `The SDK sent no usage: Loupe counted the input and output tokens${encoding ? ` with ${encoding}` : ''} ` +
        "by Langfuse's rules (chat messages with their per-message overhead) and priced them"
      }
    >
      inferred
    </span>
  );
}

/** "normalized from `prompt_tokens`": Loupe read and priced keys Langfuse keeps as sent and leaves unpriced. */
function aliasNote(aliases: unknown): string | null {
  if (typeof aliases !== 'object' || aliases === null) return null;
  const names = Object.values(aliases as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
  return names.length > 0 ? `normalized from ${names.map((n) => `\`${n}\``).join(', ')}` : null;
}

function exceptionText(exception: unknown): string | null {
  if (typeof exception === 'string') return exception;
  if (typeof exception !== 'object' || exception === null) return null;
  const e = exception as Record<string, unknown>;
  const parts = [e.type, e.message].filter((p) => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(': ') : null;
}

/** Version, user and session beside the observation's name: what Langfuse shows in an observation's header. */
export function ObservationHeadFacts({ row }: { row: ObservationRow }) {
  const r = row as RichRow;
  const parts: [string, string][] = [];
  const version = text(r.version);
  const userId = text(r.userId);
  const sessionId = text(r.sessionId);
  if (version) parts.push(['version', version]);
  if (userId) parts.push(['user', userId]);
  if (sessionId) parts.push(['session', sessionId]);
  if (parts.length === 0) return null;
  return (
    <span className="inspector-head-facts" data-testid="inspector-head-facts">
      {parts.map(([label, value]) => (
        <span key={label} className="param" title={`${label}: ${value}`}>
          {label} <span className="mono">{value}</span>
        </span>
      ))}
    </span>
  );
}

/** The facts a reader checks first: timing, model, usage, cost and status, from the small row alone. */
export function ObservationFacts({ row }: { row: ObservationRow }) {
  const r = row as RichRow;
  const duration = row.endTime === null || row.endTime === undefined ? null : row.endTime - row.startTime;
  const isModelCall = row.type === 'GENERATION' || row.type === 'EMBEDDING' || row.model !== null;
  const usage = splitUsage(isRecord(row.usage) ? row.usage : {});
  const cost = isRecord(row.cost) && Object.keys(row.cost).length > 0 ? totalCost(row.cost) : undefined;
  const params = shownParameters(row.modelParameters);
  const exception = exceptionText(r.exception);
  const inferred = r.usageSource === 'inferred';
  const aliases = aliasNote(r.usageAliases);
  const version = text(r.version);
  const userId = text(r.userId);
  const sessionId = text(r.sessionId);
  // A failed call is never counted (it has no completion to count), so only a call that would have been says why not.
  const missingTokenizer =
    isModelCall && !hasUsage(usage) && row.model && row.level !== 'ERROR' ? noTokenizer(row.model) : undefined;
  return (
    <dl className="facts-grid">
      <Row label="Start">
        <TimeText value={row.startTime} precise />
      </Row>
      <Row label="Latency" testId="inspector-latency">
        {duration === null ? 'not ended' : <DurationText value={duration} />}
      </Row>
      {row.completionStartTime !== null && row.completionStartTime !== undefined && (
        <Row label="First token" testId="inspector-ttft">
          <DurationText value={row.completionStartTime - row.startTime} />
        </Row>
      )}
      <Row label="Level">
        <LevelText value={row.level} />
        {row.statusMessage && (
          <span className="status-message">
            <StoredText value={row.statusMessage} />
          </span>
        )}
      </Row>
      {exception && (
        <Row label="Exception">
          <span className="status-message">{exception}</span>
        </Row>
      )}
      {isModelCall && (
        <Row label="Model" testId="inspector-model">
          <span className="mono">
            <StoredText value={row.model} empty="unknown" />
          </span>
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
          {inferred && <InferredMark model={row.model} />}
          {aliases && (
            <span
              className="muted"
              data-testid="usage-normalized"
              title="Langfuse keeps these keys as sent and prices none of them"
            >
              {aliases}
            </span>
          )}
        </Row>
      )}
      {missingTokenizer && (
        <Row label="Usage" testId="inspector-usage">
          <span className="muted" data-testid="usage-not-inferred">
            none sent; not inferred: {missingTokenizer.reason}
          </span>
        </Row>
      )}
      {cost !== undefined && (
        <Row label="Cost" testId="inspector-cost">
          <CostText value={cost} />
          {typeof r.costSource === 'string' && <span className="muted">{r.costSource}</span>}
          {inferred && <InferredMark model={row.model} />}
        </Row>
      )}
      {version && (
        <Row label="Version" testId="inspector-version">
          <span className="mono">
            <StoredText value={version} />
          </span>
        </Row>
      )}
      {userId && (
        <Row label="User" testId="inspector-user">
          <span className="mono">
            <StoredText value={userId} />
          </span>
        </Row>
      )}
      {sessionId && (
        <Row label="Session" testId="inspector-session">
          <span className="mono">
            <StoredText value={sessionId} />
          </span>
        </Row>
      )}
      {row.promptName && (
        <Row label="Prompt">
          <span className="mono">
            <StoredText value={row.promptName} />
          </span>
          {row.promptVersion !== null && (
            <span className="muted">
              v
              <StoredText
                value={typeof row.promptVersion === 'number' ? String(row.promptVersion) : row.promptVersion}
              />
            </span>
          )}
        </Row>
      )}
      {row.environment !== 'default' && (
        <Row label="Environment">
          <StoredText value={row.environment} empty="–" />
        </Row>
      )}
    </dl>
  );
}
