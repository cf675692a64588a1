import { toChatMessages, toDisplayText } from '@core/messages/normalize';
import { useMemo } from 'react';
import { ChatMessageCard } from './ChatMessageCard';
import { LongText } from './LongText';
// Also shown in the trace header, without the inspector around it.
import './inspector.css';

interface ValueViewProps {
  title: string;
  value: unknown;
  testId?: string;
}

/** An input, output or metadata value: chat transcripts as message cards, anything else as text. */
export function ValueView({ title, value, testId }: ValueViewProps) {
  const messages = useMemo(() => toChatMessages(value), [value]);
  const text = useMemo(
    () => (messages || value === null || value === undefined ? '' : toDisplayText(value)),
    [messages, value],
  );
  return (
    <section className="value-section" data-testid={testId}>
      <h3 className="section-title">{title}</h3>
      {messages ? (
        <div className="chat-list">
          {messages.map((m, i) => (
            // Messages have no ids; their position in the transcript is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <ChatMessageCard key={i} message={m} />
          ))}
        </div>
      ) : value === null || value === undefined ? (
        <div className="muted value-empty">none</div>
      ) : (
        <LongText as="pre" className="code-block" text={text} />
      )}
    </section>
  );
}
