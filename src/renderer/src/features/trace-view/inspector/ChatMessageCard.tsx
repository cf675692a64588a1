import type { ChatMessage } from '@core/messages/normalize';
import { memo } from 'react';
import { parseMediaRef } from '../../../lib/safe-url';
import { LongText } from './LongText';
import { Markdown } from './Markdown';
import { MessageImage } from './MessageImage';
import { useToolNumber } from './ToolList';

/** Fields newer normalizers add; read optionally so older and newer message shapes both render. */
type RichMessage = ChatMessage & { toolCallId?: string; name?: string; images?: string[]; reasoning?: string };

/** A system prompt longer than this starts folded: it is usually the same long text on every call. */
const SYSTEM_FOLD_CHARS = 600;

function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function MessageText({ text }: { text: string }) {
  if (parseMediaRef(text)) return <MessageImage source={text} />;
  return <Markdown text={text} />;
}

function ToolCall({ call }: { call: ChatMessage['toolCalls'][number] }) {
  const number = useToolNumber(call.name);
  return (
    <div className="tool-call" data-testid="tool-call">
      <div className="tool-call-head">
        <span className="tool-call-label">tool call</span> <span className="mono">{call.name}</span>
        {number !== undefined && (
          <span className="tool-number" title={`Tool #${number} of the tools available to this call`}>
            #{number}
          </span>
        )}
        {call.id && <span className="tool-call-id mono">{call.id}</span>}
      </div>
      <LongText as="pre" className="code-block" text={prettyArguments(call.arguments)} />
    </div>
  );
}

/** One message: role, text as safe markdown, images, reasoning, and tool calls and results as cards. */
export const ChatMessageCard = memo(function ChatMessageCard({ message }: { message: ChatMessage }) {
  const m = message as RichMessage;
  const role = m.role.toLowerCase();
  const isToolResult = role === 'tool' || role === 'function' || typeof m.toolCallId === 'string';
  const images = Array.isArray(m.images) ? m.images : [];
  const empty = m.text === '' && m.toolCalls.length === 0 && images.length === 0 && !m.reasoning;
  const head = (
    <div className="chat-role">
      {isToolResult && role !== 'tool' ? `${m.role} · tool result` : m.role}
      {m.name && <span className="chat-name mono">{m.name}</span>}
      {m.toolCallId && <span className="tool-call-id mono">{m.toolCallId}</span>}
    </div>
  );
  const body = (
    <>
      {m.reasoning && (
        <details className="chat-reasoning">
          <summary>Reasoning</summary>
          <LongText className="chat-text" text={m.reasoning} />
        </details>
      )}
      {m.text !== '' && <MessageText text={m.text} />}
      {images.length > 0 && (
        <div className="message-images">
          {images.map((src, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: images have no ids; their order is their identity
            <MessageImage key={i} source={src} />
          ))}
        </div>
      )}
      {m.toolCalls.map((call, i) => (
        <ToolCall key={call.id ?? i} call={call} />
      ))}
      {empty && <div className="muted chat-text">(empty)</div>}
    </>
  );
  const className = `chat-card role-${role}${isToolResult ? ' tool-result' : ''}`;
  if (role === 'system') {
    return (
      <details className={className} open={m.text.length <= SYSTEM_FOLD_CHARS}>
        <summary>{head}</summary>
        {body}
      </details>
    );
  }
  return (
    <div className={className}>
      {head}
      {body}
    </div>
  );
});
