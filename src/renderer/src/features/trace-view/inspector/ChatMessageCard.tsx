import type { ChatMessage } from '@core/messages/normalize';
import { LongText } from './LongText';

/** One message. Its text is rendered as text: whatever the model or the user wrote never becomes markup. */
export function ChatMessageCard({ message }: { message: ChatMessage }) {
  const role = message.role.toLowerCase();
  return (
    <div className={`chat-card role-${role}`}>
      <div className="chat-role">{message.role}</div>
      {message.text !== '' && <LongText className="chat-text" text={message.text} />}
      {message.toolCalls.map((call, i) => (
        <div key={call.id ?? i} className="tool-call">
          <div className="tool-call-head">
            <span className="tool-call-label">tool call</span> <span className="mono">{call.name}</span>
            {call.id && <span className="tool-call-id mono">{call.id}</span>}
          </div>
          <LongText as="pre" className="code-block" text={call.arguments} />
        </div>
      ))}
      {message.text === '' && message.toolCalls.length === 0 && <div className="muted chat-text">(empty)</div>}
    </div>
  );
}
