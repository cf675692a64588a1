import { describe, expect, it } from 'vitest';
import { severityLabel, severityLevel } from './severity';

describe('log severity', () => {
  it('reads the text the record sent, else the name of its number', () => {
    expect(severityLabel({ severityNumber: 9, severityText: 'info' })).toBe('info');
    expect(severityLabel({ severityNumber: 14, severityText: null })).toBe('WARN');
    expect(severityLabel({ severityNumber: 21, severityText: null })).toBe('FATAL');
    expect(severityLabel({ severityNumber: 0, severityText: null })).toBe('');
  });

  it('colours warnings and errors like observation levels, from the number or the text', () => {
    expect(severityLevel({ severityNumber: 5, severityText: null })).toBe('DEBUG');
    expect(severityLevel({ severityNumber: 9, severityText: null })).toBe('DEFAULT');
    expect(severityLevel({ severityNumber: 13, severityText: null })).toBe('WARNING');
    expect(severityLevel({ severityNumber: 24, severityText: null })).toBe('ERROR');
    expect(severityLevel({ severityNumber: 0, severityText: 'Warning' })).toBe('WARNING');
    expect(severityLevel({ severityNumber: 0, severityText: 'error' })).toBe('ERROR');
    expect(severityLevel({ severityNumber: 0, severityText: null })).toBe('DEFAULT');
  });
});
