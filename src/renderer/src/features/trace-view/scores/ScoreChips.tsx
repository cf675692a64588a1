import type { Score } from '@core/model/types';
import { useLiveQuery } from 'dexie-react-hooks';
import { useConnectionStore } from '../../../connection/connection-store';
import { db } from '../../../store/local-db';
import { observationScores, traceScores } from '../../../store/scores';
import { formatScoreValue, scoreTone, scoreTooltip } from './score-format';
import './scores.css';

function Chips({ scores, testId }: { scores: Score[]; testId: string }) {
  if (scores.length === 0) return null;
  return (
    <div className="score-chips" data-testid={testId}>
      {scores.map((score) => (
        <span key={score.id} className={`score-chip ${scoreTone(score)}`} title={scoreTooltip(score)}>
          <span className="score-name">{score.name}</span>
          <span className="score-value mono">{formatScoreValue(score)}</span>
          {score.comment && <span className="score-comment">{score.comment}</span>}
        </span>
      ))}
    </div>
  );
}

/** Scores given to the trace itself (not to one of its observations). */
export function TraceScoreChips({ traceId }: { traceId: string }) {
  const revision = useConnectionStore((s) => s.revision);
  const scores = useLiveQuery(
    async () => (await traceScores(db, traceId)).filter((s) => s.observationId === null),
    [traceId, revision],
  );
  return <Chips scores={scores ?? []} testId="trace-scores" />;
}

/** Scores given to one observation. Span ids repeat across traces, so the trace is checked too. */
export function ObservationScoreChips({ traceId, observationId }: { traceId: string; observationId: string }) {
  const revision = useConnectionStore((s) => s.revision);
  const scores = useLiveQuery(
    async () => (await observationScores(db, observationId)).filter((s) => s.traceId === traceId),
    [traceId, observationId, revision],
  );
  return <Chips scores={scores ?? []} testId="observation-scores" />;
}
