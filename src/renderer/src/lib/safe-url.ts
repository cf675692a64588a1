/**
 * What untrusted SDK data may point the UI at. Prompts can carry `javascript:` links or remote images meant to
 * leak data; links open only over http(s), and images load only from inline data (the CSP blocks the rest too).
 */
export function safeLinkHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Raster and vector images as data URIs; SVG is left out because it can carry script when opened alone. */
const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|avif|bmp);base64,[a-z0-9+/=\s]+$/i;

export function safeImageSrc(url: string | null | undefined): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  return DATA_IMAGE.test(trimmed.slice(0, 64)) && /^[^"'<>\s]*$/.test(trimmed.slice(0, 64)) ? trimmed : null;
}

/** A Langfuse media reference: the bytes live in Langfuse's media store, which a local viewer does not have. */
export interface MediaRef {
  type: string;
  id: string;
  source: string;
}

const MEDIA_REF = /^@@@langfuseMedia:(.+)@@@$/;

/** Also reads a reference that went through a markdown link destination, which percent-encodes `|`. */
export function parseMediaRef(text: string): MediaRef | null {
  let decoded = text.trim();
  if (decoded.includes('%')) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return null;
    }
  }
  const match = MEDIA_REF.exec(decoded);
  if (!match?.[1]) return null;
  const fields = new Map<string, string>();
  for (const pair of match[1].split('|')) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const id = fields.get('id');
  if (!id) return null;
  return { type: fields.get('type') ?? 'unknown', id, source: fields.get('source') ?? 'unknown' };
}
