import { useState } from 'react';
import { type MediaRef, parseMediaRef, safeImageSrc, safeLinkHref } from '../../../lib/safe-url';

/**
 * Where a Langfuse media reference can be loaded from: the receiver serves uploaded media at `/media/{id}`,
 * which is same-origin only when the page itself comes from the receiver (headless mode).
 */
function mediaUrl(ref: MediaRef): string | null {
  if (!ref.type.startsWith('image/')) return null;
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  return `/media/${encodeURIComponent(ref.id)}`;
}

function MediaLabel({ media }: { media: MediaRef }) {
  return (
    <span className="media-ref" title={`Langfuse media ${media.id} (${media.source})`}>
      {media.type} <span className="muted">stored as Langfuse media, not available here</span>
    </span>
  );
}

function MediaImage({ media, alt }: { media: MediaRef; alt: string }) {
  const [failed, setFailed] = useState(false);
  const src = mediaUrl(media);
  if (!src || failed) return <MediaLabel media={media} />;
  return <img className="message-image" src={src} alt={alt} onError={() => setFailed(true)} />;
}

/** An image from a message: inline data is shown, a remote URL is a link, a Langfuse media reference is loaded. */
export function MessageImage({ source, alt = '' }: { source: string; alt?: string }) {
  const inline = safeImageSrc(source);
  if (inline) return <img className="message-image" src={inline} alt={alt} />;
  const media = parseMediaRef(source);
  if (media) return <MediaImage media={media} alt={alt} />;
  const href = safeLinkHref(source);
  if (href) {
    return (
      <a className="media-ref" href={href} target="_blank" rel="noopener noreferrer nofollow">
        image: {href.length > 80 ? `${href.slice(0, 80)}…` : href}
      </a>
    );
  }
  return <span className="media-ref muted">image (unsupported source)</span>;
}
