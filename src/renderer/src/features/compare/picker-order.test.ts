import { describe, expect, it } from 'vitest';
import { orderCandidates } from './picker-order';

const items = [
  { id: 't1', name: 'support-run', startTime: 100, searchText: 'gpt-4o' },
  { id: 't2', name: 'other', startTime: 500, searchText: 'claude' },
  { id: 't3', name: 'support-run', startTime: 300, searchText: 'gpt-4o-mini' },
  { id: 't4', name: null, startTime: 400, searchText: '' },
];

describe('orderCandidates', () => {
  it('lists the same name first, then newest first', () => {
    expect(orderCandidates(items, 'support-run', '').map((c) => c.id)).toEqual(['t3', 't1', 't2', 't4']);
    expect(orderCandidates(items, null, '').map((c) => c.id)).toEqual(['t2', 't4', 't3', 't1']);
  });
  it('searches names, ids and extra text, case-insensitively', () => {
    expect(orderCandidates(items, 'support-run', 'MINI').map((c) => c.id)).toEqual(['t3']);
    expect(orderCandidates(items, null, 't2').map((c) => c.id)).toEqual(['t2']);
    expect(orderCandidates(items, null, 'nothing')).toEqual([]);
  });
});
