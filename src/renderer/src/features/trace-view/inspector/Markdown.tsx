import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { parseMediaRef, safeImageSrc, safeLinkHref } from '../../../lib/safe-url';
import { LongText } from './LongText';
import { MessageImage } from './MessageImage';

/** Above this, text is shown plain: parsing megabytes of markdown would stall the page for seconds. */
const MARKDOWN_MAX_CHARS = 20_000;

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/**
 * Raw HTML in a prompt is shown as the text it is, never as markup (react-markdown would otherwise drop it
 * silently, hiding what was actually sent to the model).
 */
function htmlAsText() {
  return (tree: MdNode) => {
    const stack: MdNode[] = [tree];
    while (stack.length > 0) {
      const node = stack.pop() as MdNode;
      if (node.type === 'html') node.type = 'text';
      if (node.children) stack.push(...node.children);
    }
  };
}

const REMARK_PLUGINS = [remarkGfm, htmlAsText];

function transformUrl(url: string, key: string): string {
  // A Langfuse media reference is kept so the image component can say where the image went.
  if (key === 'src') return safeImageSrc(url) ?? (parseMediaRef(url) ? url : '');
  return safeLinkHref(url) ?? '';
}

const COMPONENTS: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span className="md-inert-link">{children}</span>
    ),
  img: ({ src, alt }) =>
    typeof src === 'string' && parseMediaRef(src) ? (
      <MessageImage source={src} alt={alt ?? ''} />
    ) : typeof src === 'string' && src !== '' ? (
      <img className="message-image" src={src} alt={alt ?? ''} />
    ) : (
      <span className="muted">[image{alt ? `: ${alt}` : ''}]</span>
    ),
};

/** Model and user text as markdown (GFM tables, lists, code), with links and images limited to safe targets. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  if (text.length > MARKDOWN_MAX_CHARS) return <LongText className="chat-text" text={text} />;
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} urlTransform={transformUrl} components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
