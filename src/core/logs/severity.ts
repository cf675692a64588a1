import type { Level, LogRecord } from '../model/types';

const NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/**
 * What a record's severity reads as: its own text when it sent one, else the OTLP name of its number (1-4 TRACE,
 * 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL); '' when it has neither.
 */
export function severityLabel(r: Pick<LogRecord, 'severityNumber' | 'severityText'>): string {
  if (r.severityText) return r.severityText;
  if (r.severityNumber < 1 || r.severityNumber > 24) return '';
  return NAMES[Math.floor((r.severityNumber - 1) / 4)] ?? '';
}

/** The observation level a severity looks like, for its colour: WARN as WARNING, ERROR and FATAL as ERROR. */
export function severityLevel(r: Pick<LogRecord, 'severityNumber' | 'severityText'>): Level {
  let n = r.severityNumber;
  if (n === 0 && r.severityText) {
    const text = r.severityText.toUpperCase();
    const i = NAMES.findIndex((name) => text.startsWith(name) || (name === 'WARN' && text.startsWith('WARNING')));
    n = i >= 0 ? i * 4 + 1 : 0;
  }
  if (n >= 17) return 'ERROR';
  if (n >= 13) return 'WARNING';
  if (n >= 9 || n === 0) return 'DEFAULT';
  return 'DEBUG';
}
