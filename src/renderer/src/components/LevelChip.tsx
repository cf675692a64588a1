import type { Level } from '@core/model/types';
import type { ReactNode } from 'react';

/** A level's colour; the label is the level unless given (a log record's own severity text). */
export function LevelChip({ level, title, children }: { level: Level; title?: string; children?: ReactNode }) {
  return (
    <span className={`level-chip level-${level.toLowerCase()}`} title={title}>
      {children ?? level}
    </span>
  );
}
