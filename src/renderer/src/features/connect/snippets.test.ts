import { describe, expect, it } from 'vitest';
import { connectSnippets, SECRET_KEY_SLOT } from './snippets';

const envOf = (snippets: ReturnType<typeof connectSnippets>, id: string) => snippets.find((s) => s.id === id)?.env;

describe('connect snippets', () => {
  it('carry placeholder keys when none are set, and no authorization header', () => {
    const snippets = connectSnippets('http://127.0.0.1:4318', null, 'http://127.0.0.1:4317');
    expect(envOf(snippets, 'langfuse-js')).toContain('LANGFUSE_SECRET_KEY=sk-lf-local');
    expect(JSON.stringify(snippets)).not.toContain('Authorization');
  });

  it('carry the public key set in the settings and a marked place for the secret one, never a secret', () => {
    const snippets = connectSnippets('http://127.0.0.1:4318', 'pk-lf-1', 'http://127.0.0.1:4317');
    expect(envOf(snippets, 'langfuse-js')).toContain(
      `LANGFUSE_PUBLIC_KEY=pk-lf-1\nLANGFUSE_SECRET_KEY=${SECRET_KEY_SLOT}`,
    );
    expect(envOf(snippets, 'otel-grpc')).toContain(
      `authorization=${encodeURIComponent(`Basic <base64 of pk-lf-1:${SECRET_KEY_SLOT}>`)}`,
    );
    expect(JSON.stringify(snippets)).not.toContain('sk-lf-local');
  });
});
