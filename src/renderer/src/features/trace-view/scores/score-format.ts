import type { Score } from '@core/model/types';

/** A score's value as a chip shows it: numbers with up to 3 decimals, booleans and categories as given. */
export function formatScoreValue(score: Score): string {
  if (score.dataType === 'BOOLEAN') return score.stringValue ?? (score.value === 1 ? 'True' : 'False');
  if (score.value !== null && score.dataType !== 'CATEGORICAL' && score.dataType !== 'TEXT') {
    if (Number.isInteger(score.value)) return String(score.value);
    const digits = Math.abs(score.value) >= 1 ? 2 : 3;
    return String(Number(score.value.toFixed(digits)));
  }
  return score.stringValue ?? (score.value === null ? '–' : String(score.value));
}

/** Where a score came from, when the sender said: Langfuse's `source` (API, EVAL, ANNOTATION) kept in metadata. */
export function scoreSource(score: Score): string | null {
  const source = score.metadata.source;
  return typeof source === 'string' && source !== '' ? source : null;
}

/** The chip's tooltip: everything known about the score, one fact per line. */
export function scoreTooltip(score: Score): string {
  const source = scoreSource(score);
  return [
    `${score.name}: ${formatScoreValue(score)} (${score.dataType.toLowerCase()})`,
    score.comment && `Comment: ${score.comment}`,
    source && `Source: ${source}`,
    score.environment !== 'default' && `Environment: ${score.environment}`,
    `At ${new Date(score.timestamp).toLocaleString()}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Kind of chip, for its colour: pass/fail for booleans, neutral otherwise. */
export function scoreTone(score: Score): 'pass' | 'fail' | 'neutral' {
  if (score.dataType !== 'BOOLEAN') return 'neutral';
  return score.value === 1 || score.stringValue === 'True' ? 'pass' : 'fail';
}
