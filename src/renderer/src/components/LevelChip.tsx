import type { Level } from '@core/model/types';

export function LevelChip({ level, title }: { level: Level; title?: string }) {
  return (
    <span className={`level-chip level-${level.toLowerCase()}`} title={title}>
      {level}
    </span>
  );
}
