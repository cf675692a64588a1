import { describe, expect, it } from 'vitest';
import { workerErrorMessage } from './worker-error';

describe('workerErrorMessage', () => {
  it("passes on the worker's own message", () => {
    expect(workerErrorMessage({ message: 'Uncaught RangeError: too deep' } as ErrorEvent)).toBe(
      'Uncaught RangeError: too deep',
    );
  });

  it('says the script did not load when the event has no message', () => {
    expect(workerErrorMessage({ message: '' } as ErrorEvent)).toBe('its script could not be loaded; reload the page');
    expect(workerErrorMessage({} as ErrorEvent)).toContain('could not be loaded');
  });
});
