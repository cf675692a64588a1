import { useState } from 'react';

/**
 * Prompts can be megabytes (base64 images, whole documents). Rendering that as one text node stalls the
 * page, so only the first part is shown until asked. 20,000 characters is several screens of text.
 */
const PREVIEW_CHARS = 20_000;

interface LongTextProps {
  text: string;
  className: string;
  /** `pre` for code and JSON, `div` for prose (both keep whitespace through CSS). */
  as?: 'pre' | 'div';
}

export function LongText({ text, className, as: Tag = 'div' }: LongTextProps) {
  const [full, setFull] = useState(false);
  const cut = !full && text.length > PREVIEW_CHARS;
  return (
    <Tag className={className}>
      {cut ? text.slice(0, PREVIEW_CHARS) : text}
      {cut && (
        <button type="button" className="show-all" onClick={() => setFull(true)}>
          Show all {text.length.toLocaleString('en-US')} characters
        </button>
      )}
    </Tag>
  );
}
