import type { ScannedRequest } from './scan';
import { NAMED_REJECTIONS, rejectionMessage } from './validate';

export { idProblem, MISSING_START } from './validate';

/** Counts spans and words the rejections as validateSpans does, from what a scanner found. */
export class SpanTally {
  spans = 0;
  rejected = 0;
  private reasons: string[] = [];
  private decided: ScannedRequest | null = null;

  /** One more span; `problem` is null when the span is valid. `name` is only asked for when it is quoted. */
  add(problem: string | null, name: () => string): void {
    if (problem !== null) {
      this.rejected++;
      if (this.reasons.length < NAMED_REJECTIONS)
        this.reasons.push(`span #${this.spans} ("${name().slice(0, 80)}"): ${problem}`);
    }
    this.spans++;
  }

  /** Replaces whatever was counted by an answer worked out another way (the full decoder, for rare shapes). */
  decide(answer: ScannedRequest): void {
    this.decided = answer;
  }

  result(): ScannedRequest {
    if (this.decided) return this.decided;
    const errorMessage = rejectionMessage(this.rejected, this.spans, this.reasons);
    return { spans: this.spans, rejected: this.rejected, errorMessage };
  }
}
