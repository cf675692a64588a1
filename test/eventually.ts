import { vi } from 'vitest';

/**
 * Waits until `check` passes (returns without throwing, so an `expect` that holds), looking again every few
 * milliseconds: for what happens after an answer, such as a batch reaching the consumer or acks reaching the disk.
 * It waits as long as the machine needs rather than a fixed time; the timeout only bounds a failure.
 */
export function eventually<T>(check: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  return vi.waitFor(check, { timeout: timeoutMs, interval: 5 });
}
