import type { Score } from '@core/model/types';
import { describe, expect, it } from 'vitest';
import { formatScoreValue, scoreSource, scoreTone, scoreTooltip } from './score-format';

const base: Score = {
  id: 's1',
  traceId: 't1',
  observationId: null,
  sessionId: null,
  name: 'quality',
  value: 0.87654,
  stringValue: null,
  dataType: 'NUMERIC',
  comment: null,
  timestamp: 0,
  environment: 'default',
  metadata: {},
};

describe('score chips', () => {
  it('formats numeric, categorical and boolean values', () => {
    expect(formatScoreValue(base)).toBe('0.877');
    expect(formatScoreValue({ ...base, value: 12.3456 })).toBe('12.35');
    expect(formatScoreValue({ ...base, value: 4 })).toBe('4');
    expect(formatScoreValue({ ...base, dataType: 'CATEGORICAL', value: null, stringValue: 'good' })).toBe('good');
    expect(formatScoreValue({ ...base, dataType: 'BOOLEAN', value: 1, stringValue: 'True' })).toBe('True');
    expect(formatScoreValue({ ...base, dataType: 'BOOLEAN', value: 0, stringValue: null })).toBe('False');
  });

  it('colours booleans by outcome and tells the rest in the tooltip', () => {
    expect(scoreTone({ ...base, dataType: 'BOOLEAN', value: 0 })).toBe('fail');
    expect(scoreTone({ ...base, dataType: 'BOOLEAN', value: 1 })).toBe('pass');
    expect(scoreTone(base)).toBe('neutral');
    const tip = scoreTooltip({ ...base, comment: 'concise', metadata: { source: 'EVAL' }, environment: 'prod' });
    expect(tip).toContain('quality: 0.877 (numeric)');
    expect(tip).toContain('Comment: concise');
    expect(tip).toContain('Source: EVAL');
    expect(tip).toContain('Environment: prod');
    expect(scoreSource(base)).toBeNull();
  });
});
