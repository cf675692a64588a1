import type { MessageDiff, ValueDiff } from '@core/compare/message-diff';
import type { DiffPart, TextDiff } from '@core/compare/text-diff';

/** One side of a diff: the shared text plain, this side's own text highlighted, the other side's left out. */
function SideText({ parts, side }: { parts: DiffPart[]; side: 'a' | 'b' }) {
  const hidden = side === 'a' ? 'added' : 'removed';
  const shown: { part: DiffPart; offset: number }[] = [];
  let offset = 0;
  for (const part of parts) {
    if (part.kind === hidden) continue;
    shown.push({ part, offset });
    offset += part.text.length;
  }
  return (
    <pre className="diff-text" data-testid={`diff-${side}`}>
      {shown.length === 0 ? (
        <span className="muted">none</span>
      ) : (
        shown.map(({ part, offset }) =>
          part.kind === 'same' ? (
            <span key={offset}>{part.text}</span>
          ) : (
            <mark key={offset} className={`diff-${part.kind}`}>
              {part.text}
            </mark>
          ),
        )
      )}
    </pre>
  );
}

function Notice({ diff }: { diff: TextDiff }) {
  return diff.notice ? (
    <p className="diff-notice" role="status">
      {diff.notice}
    </p>
  ) : null;
}

function TextPair({ diff }: { diff: TextDiff }) {
  return (
    <>
      <Notice diff={diff} />
      <div className="diff-pair">
        <SideText parts={diff.parts} side="a" />
        <SideText parts={diff.parts} side="b" />
      </div>
    </>
  );
}

function roleTitle(m: MessageDiff): string {
  if (m.roleA === null) return `${m.roleB} · only in B`;
  if (m.roleB === null) return `${m.roleA} · only in A`;
  return m.roleA === m.roleB ? m.roleA : `${m.roleA} → ${m.roleB}`;
}

function MessagePair({ message }: { message: MessageDiff }) {
  const state = message.roleA === null ? 'added' : message.roleB === null ? 'removed' : message.diff.mode;
  if (message.diff.mode === 'identical') {
    // Unchanged messages (often a long system prompt) stay folded: the changes are what the reader came for.
    return (
      <details className="diff-message" data-testid="diff-message" data-state="identical">
        <summary>
          <span className="diff-role">{roleTitle(message)}</span> <span className="muted">unchanged</span>
        </summary>
        <pre className="diff-text">{message.diff.parts[0]?.text ?? ''}</pre>
      </details>
    );
  }
  return (
    <div className={`diff-message diff-message-${state}`} data-testid="diff-message" data-state={state}>
      <div className="diff-role">{roleTitle(message)}</div>
      <TextPair diff={message.diff} />
    </div>
  );
}

export function ValueDiffView({ title, diff, testId }: { title: string; diff: ValueDiff; testId: string }) {
  const unchanged =
    diff.kind === 'text' ? diff.diff.mode === 'identical' : diff.messages.every((m) => m.diff.mode === 'identical');
  return (
    <section className="diff-section" data-testid={testId}>
      <h3 className="section-title">
        {title} {unchanged && <span className="muted">unchanged</span>}
      </h3>
      {diff.kind === 'text' ? (
        <TextPair diff={diff.diff} />
      ) : (
        // biome-ignore lint/suspicious/noArrayIndexKey: messages are identified by their position in the transcript
        diff.messages.map((m, i) => <MessagePair key={i} message={m} />)
      )}
    </section>
  );
}
