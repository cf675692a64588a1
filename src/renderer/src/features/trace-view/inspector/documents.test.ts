import { describe, expect, it } from 'vitest';
import { retrievedDocuments } from './documents';

describe('retrievedDocuments', () => {
  it('reads LangChain documents with their score and metadata', () => {
    const docs = retrievedDocuments([
      { page_content: 'Refunds take 5 days.', metadata: { source: 'policy.md', id: 'p-1' }, score: 0.91 },
    ]);
    expect(docs).toEqual([
      { text: 'Refunds take 5 days.', id: null, score: 0.91, metadata: { source: 'policy.md', id: 'p-1' } },
    ]);
  });

  it('reads a list under documents with ids', () => {
    const docs = retrievedDocuments({ documents: [{ id: 'doc-7', text: 'Orders ship in 2 days.' }] });
    expect(docs?.[0]).toMatchObject({ id: 'doc-7', text: 'Orders ship in 2 days.', score: null });
  });

  it('is null for values that are not documents', () => {
    expect(retrievedDocuments([{ role: 'user', parts: [] }])).toBeNull();
    expect(retrievedDocuments([{ text: 'a' }, 42])).toBeNull();
    expect(retrievedDocuments({ query: 'x' })).toBeNull();
    expect(retrievedDocuments([])).toBeNull();
  });
});
