import { useState } from 'react';
import type { RetrievedDocument } from './documents';
import { INLINE_CHARS } from './JsonTree';
import { LongText } from './LongText';

function metadataText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function DocumentText({ text }: { text: string }) {
  const [full, setFull] = useState(false);
  if (full || text.length <= INLINE_CHARS) return <LongText className="document-text" text={text} />;
  return (
    <div className="document-text">
      {text.slice(0, INLINE_CHARS)}…{' '}
      <button type="button" className="link-button" onClick={() => setFull(true)}>
        show all {text.length.toLocaleString('en-US')} chars
      </button>
    </div>
  );
}

/** A retriever's documents as cards: rank, id and score on top, the text, then each metadata field. */
export function DocumentCards({ documents }: { documents: RetrievedDocument[] }) {
  return (
    <ol className="document-list" aria-label="Retrieved documents">
      {documents.map((d, i) => (
        // Documents are shown in the order retrieved; their rank is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={i} className="document-card" data-testid="document-card">
          <div className="document-head">
            <span className="document-rank">#{i + 1}</span>
            {d.id !== null && <span className="mono document-id">{d.id}</span>}
            <span className="value-head-spacer" />
            {d.score !== null && (
              <span className="document-score" title={`score ${d.score}`}>
                score {Number.isInteger(d.score) ? d.score : d.score.toFixed(3)}
              </span>
            )}
          </div>
          <DocumentText text={d.text} />
          {Object.keys(d.metadata).length > 0 && (
            <dl className="document-meta">
              {Object.entries(d.metadata).map(([k, v]) => (
                <div key={k} className="document-meta-item">
                  <dt>{k}</dt>
                  <dd className="mono">{metadataText(v)}</dd>
                </div>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ol>
  );
}
