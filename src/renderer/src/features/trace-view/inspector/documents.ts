/**
 * Retrieved documents, recognised in a retriever's output so they read as cards rather than a tree: a list
 * (bare, or under `documents`, `docs` or `results`) of objects that each carry their text as `text`,
 * `page_content` (LangChain), `pageContent` (LangChain JS), `content` or `document`. Score and id are read
 * from the usual keys; every other field is metadata, shown as it is.
 */
export interface RetrievedDocument {
  text: string;
  id: string | null;
  score: number | null;
  metadata: Record<string, unknown>;
}

const TEXT_KEYS = ['text', 'page_content', 'pageContent', 'content', 'document'];
const ID_KEYS = ['id', 'doc_id', 'document_id'];
const SCORE_KEYS = ['score', 'relevance_score', 'similarity', 'distance'];
const LIST_KEYS = ['documents', 'docs', 'results'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function documentOf(raw: unknown): RetrievedDocument | null {
  // A chat message (`role` and `content`) is not a document.
  if (!isObj(raw) || 'role' in raw) return null;
  const textKey = TEXT_KEYS.find((k) => typeof raw[k] === 'string');
  if (textKey === undefined) return null;
  const idKey = ID_KEYS.find((k) => typeof raw[k] === 'string' || typeof raw[k] === 'number');
  const scoreKey = SCORE_KEYS.find((k) => typeof raw[k] === 'number');
  const metadata: Obj = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === textKey || k === idKey || k === scoreKey) continue;
    if (k === 'metadata' && isObj(v)) Object.assign(metadata, v);
    else metadata[k] = v;
  }
  return {
    text: raw[textKey] as string,
    id: idKey === undefined ? null : String(raw[idKey]),
    score: scoreKey === undefined ? null : (raw[scoreKey] as number),
    metadata,
  };
}

/** The documents in a value, or null when it is not a list of documents (one item that is not one is enough). */
export function retrievedDocuments(value: unknown): RetrievedDocument[] | null {
  let list: unknown = value;
  if (isObj(value)) {
    const key = LIST_KEYS.find((k) => Array.isArray(value[k]));
    if (key === undefined) return null;
    list = value[key];
  }
  if (!Array.isArray(list) || list.length === 0) return null;
  const out: RetrievedDocument[] = [];
  for (const item of list) {
    const doc = documentOf(item);
    if (!doc) return null;
    out.push(doc);
  }
  return out;
}
