import { parsePriceOverrides } from '@core/cost/price-overrides';

export type SizeUnit = 'MB' | 'GB';
const UNIT_BYTES: Record<SizeUnit, number> = { MB: 1024 ** 2, GB: 1024 ** 3 };

/** "1.4 GB", "320 MB", "12 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= UNIT_BYTES.GB) return `${(bytes / UNIT_BYTES.GB).toFixed(1)} GB`;
  if (bytes >= UNIT_BYTES.MB) return `${Math.round(bytes / UNIT_BYTES.MB)} MB`;
  return `${Math.max(0, Math.round(bytes / 1024))} KB`;
}

/** A byte limit as the field shows it: whole gigabytes in GB, anything else in MB. */
export function sizeField(bytes: number | null): { value: string; unit: SizeUnit } {
  if (bytes === null) return { value: '', unit: 'GB' };
  if (bytes % UNIT_BYTES.GB === 0) return { value: String(bytes / UNIT_BYTES.GB), unit: 'GB' };
  return { value: String(Math.round((bytes / UNIT_BYTES.MB) * 100) / 100), unit: 'MB' };
}

/**
 * A number field: empty is null (no limit); anything else is passed on as a number, or as the text itself when it
 * is not one, so the server's message names what was typed.
 */
export function numberOrNull(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export function bytesOf(value: string, unit: SizeUnit): number | string | null {
  const n = numberOrNull(value);
  return typeof n === 'number' ? Math.round(n * UNIT_BYTES[unit]) : n;
}

/** Parses the price overrides textarea; `error` names the problem, or is null when the text is valid. */
export function checkPrices(text: string): { prices: unknown[] | null; error: string | null } {
  if (text.trim() === '') return { prices: [], error: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { prices: null, error: `not valid JSON: ${(error as Error).message}` };
  }
  const { errors } = parsePriceOverrides(parsed);
  if (errors.length > 0) return { prices: null, error: errors.map((e) => e.message).join('; ') };
  return { prices: parsed as unknown[], error: null };
}

/** Which field a server message is about (messages start with the field's name). */
export function fieldOfMessage(message: string): string | null {
  const match =
    /^(port|grpc\.port|publicKey|secretKey|theme|notifications|retention\.maxAgeDays|retention\.maxBytes|cors\.allowedOrigins)\b/.exec(
      message,
    );
  if (match?.[1]) return match[1];
  if (/\bkey\b/.test(message)) return 'publicKey';
  if (/^prices|price/i.test(message)) return 'prices';
  return null;
}
