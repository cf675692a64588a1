import type { ToolDefinition } from '@core/messages/tool-definitions';
import { createContext, useContext } from 'react';
import { JsonTree } from './JsonTree';

/**
 * Tool numbers by name, for the tool calls of the same observation: a call reads "#2 search_flights" and
 * matches the second tool offered at the top of the input, as in Langfuse.
 */
export const ToolNumbers = createContext<ReadonlyMap<string, number>>(new Map());

export function useToolNumber(name: string): number | undefined {
  return useContext(ToolNumbers).get(name);
}

export function toolNumbers(tools: readonly ToolDefinition[]): Map<string, number> {
  return new Map(tools.map((t, i) => [t.name, i + 1]));
}

/** "city: string, days?: integer": the parameters of a JSON schema, in one line. */
function signature(parameters: unknown): string | null {
  if (typeof parameters !== 'object' || parameters === null) return null;
  const schema = parameters as { properties?: unknown; required?: unknown };
  if (typeof schema.properties !== 'object' || schema.properties === null) return null;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const parts = Object.entries(schema.properties as Record<string, unknown>).map(([name, p]) => {
    const type = typeof p === 'object' && p !== null && typeof (p as { type?: unknown }).type === 'string';
    return `${name}${required.has(name) ? '' : '?'}${type ? `: ${(p as { type: string }).type}` : ''}`;
  });
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The tools a generation was offered, numbered, each with its description and a foldable schema. */
export function ToolList({ tools }: { tools: readonly ToolDefinition[] }) {
  return (
    <div className="tool-list" data-testid="inspector-tools">
      <div className="tool-list-title">
        Tools available <span className="muted">({tools.length})</span>
      </div>
      <ol className="tool-defs">
        {tools.map((t, i) => {
          const sig = signature(t.parameters);
          return (
            <li key={t.name} className="tool-def" data-testid="tool-definition">
              <div className="tool-def-head">
                <span className="tool-number">#{i + 1}</span>
                <span className="mono tool-def-name">{t.name}</span>
                {sig && <span className="mono muted tool-def-sig">({sig})</span>}
              </div>
              {t.description && <div className="tool-def-description">{t.description}</div>}
              {t.parameters !== undefined && (
                <details className="tool-def-schema">
                  <summary>schema</summary>
                  <JsonTree value={t.parameters} />
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
