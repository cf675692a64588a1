import type { TraceSummary } from '@core/model/types';
import { failedStepsText, traceStatus } from '@core/trace/status';
import { LevelText } from '../../components/StoredValue';
import './trace-status.css';

/**
 * A run's status as the list, the sessions and the trace header show it: the level its root ended with, and beside
 * it how many steps failed. "1 step failed" next to a run that recovered is muted, in the warning colour; next to a
 * run that failed it says what else went wrong.
 */
export function TraceStatusText({
  trace,
  showDefault = true,
}: {
  trace: Pick<TraceSummary, 'rootLevel' | 'worstLevel' | 'errorCount'>;
  /** Whether a plain DEFAULT level shows as a chip (the list's column does; a header says nothing). */
  showDefault?: boolean;
}) {
  const status = traceStatus(trace);
  const steps = failedStepsText(status.failedSteps);
  // As stored, so that a level Loupe does not know is marked as such rather than shown as DEFAULT.
  const level = trace.rootLevel !== undefined ? trace.rootLevel : trace.worstLevel;
  return (
    <span className={`trace-status outcome-${status.outcome}`} data-outcome={status.outcome}>
      {(showDefault || status.level !== 'DEFAULT') && (
        <LevelText value={level} title={status.outcome === 'failed' ? 'The run failed' : undefined} />
      )}
      {steps && (
        <span className="failed-steps" title={status.outcome === 'recovered' ? `${steps}; the run recovered` : steps}>
          {steps}
        </span>
      )}
    </span>
  );
}
