import type { ObservationType } from '@core/model/types';

const LETTER: Record<ObservationType, string> = {
  SPAN: 'S',
  EVENT: 'E',
  GENERATION: 'G',
  AGENT: 'A',
  TOOL: 'T',
  CHAIN: 'C',
  RETRIEVER: 'R',
  EVALUATOR: 'V',
  EMBEDDING: 'M',
  GUARDRAIL: 'U',
};

/** A compact square in the type's color, for dense rows where the full badge does not fit. */
export function TypeIcon({ type }: { type: ObservationType }) {
  return (
    <span className={`type-icon type-bg-${type.toLowerCase()}`} title={type} role="img" aria-label={type}>
      {LETTER[type]}
    </span>
  );
}
