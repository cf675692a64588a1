import { toChatMessages } from '@core/messages/normalize';
import { type ReactNode, useMemo, useState } from 'react';
import { CopyButton } from '../../../components/CopyButton';
import { ChatMessageCard } from './ChatMessageCard';
import { DocumentCards } from './DocumentCards';
import { retrievedDocuments } from './documents';
import { JsonTree } from './JsonTree';
import { LongText } from './LongText';
import { Markdown } from './Markdown';
// Also shown in the trace header and the session view, without the inspector around it.
import './inspector.css';

interface ValueViewProps {
  title: string;
  value: unknown;
  testId?: string;
  /** Shown above the formatted value: a generation's tools at the top of its input. */
  lead?: ReactNode;
}

type Tab = 'formatted' | 'json';

function copyText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? '');
}

/** The readable form: a chat transcript as message cards, text as markdown, anything else as a tree. */
export function FormattedValue({ value }: { value: unknown }) {
  const documents = useMemo(() => retrievedDocuments(value), [value]);
  const messages = useMemo(() => (documents ? null : toChatMessages(value)), [documents, value]);
  if (documents) return <DocumentCards documents={documents} />;
  if (messages) {
    return (
      <div className="chat-list">
        {messages.map((m, i) => (
          // Messages have no ids; their position in the transcript is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <ChatMessageCard key={i} message={m} />
        ))}
      </div>
    );
  }
  if (typeof value === 'string') return <Markdown text={value} />;
  if (typeof value !== 'object') return <LongText as="pre" className="code-block" text={String(value)} />;
  return <JsonTree value={value} />;
}

/** An input, output or metadata value, with a Formatted and a JSON tab. */
export function ValueView({ title, value, testId, lead }: ValueViewProps) {
  const [tab, setTab] = useState<Tab>('formatted');
  const empty = value === null || value === undefined || value === '';
  return (
    <section className="value-section" data-testid={testId}>
      <div className="value-head">
        <h3 className="section-title">{title}</h3>
        {!empty && (
          <>
            <div className="tabs" role="tablist" aria-label={`${title} view`}>
              {(['formatted', 'json'] as const).map((t) => (
                <button
                  key={t}
                  type="button"
                  role="tab"
                  aria-selected={tab === t}
                  className={`tab${tab === t ? ' active' : ''}`}
                  onClick={() => setTab(t)}
                >
                  {t === 'formatted' ? 'Formatted' : 'JSON'}
                </button>
              ))}
            </div>
            <span className="value-head-spacer" />
            <CopyButton text={() => copyText(value)} />
          </>
        )}
      </div>
      {empty ? (
        <div className="muted value-empty">none</div>
      ) : tab === 'formatted' ? (
        <>
          {lead}
          <FormattedValue value={value} />
        </>
      ) : (
        <JsonTree value={value} />
      )}
    </section>
  );
}
