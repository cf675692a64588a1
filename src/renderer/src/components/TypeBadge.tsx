import type { ObservationType } from '@core/model/types';

/** The observation type, colored per type so a tree can be scanned for generations or tools at a glance. */
export function TypeBadge({ type }: { type: ObservationType }) {
  return <span className={`type-badge type-${type.toLowerCase()}`}>{type}</span>;
}
