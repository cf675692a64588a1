import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret a client sent is the expected one, in time that does not depend on where they differ (a string
 * `===` stops at the first wrong character, which a patient local client can time).
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
