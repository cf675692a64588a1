/**
 * Candidates for "Compare with…": most likely first. A run is usually compared with another run of the same program
 * (the same trace or observation name), and with a recent one: same name first, then newest first.
 */
export interface Candidate {
  id: string;
  name: string | null;
  startTime: number;
  /** Extra text the search matches: model, trace name, ids. */
  searchText: string;
}

export function orderCandidates<T extends Candidate>(items: T[], referenceName: string | null, query: string): T[] {
  const needle = query.trim().toLowerCase();
  const matches = needle
    ? items.filter((c) => `${c.name ?? ''} ${c.id} ${c.searchText}`.toLowerCase().includes(needle))
    : items;
  return [...matches].sort((x, y) => {
    const sx = referenceName !== null && x.name === referenceName ? 0 : 1;
    const sy = referenceName !== null && y.name === referenceName ? 0 : 1;
    return sx - sy || y.startTime - x.startTime || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  });
}
