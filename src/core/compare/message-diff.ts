import { diffArrays } from 'diff';
import type { ChatMessage } from '../messages/chat-message';
import { toChatMessages, toDisplayText } from '../messages/normalize';
import { DIFF_TIMEOUT_MS, diffText, type TextDiff } from './text-diff';

/**
 * Prompts and completions compared the way a reader reads them: when both sides are chats (whatever the provider's
 * format), message by message on the normalized text, so a changed word in the system prompt is one highlighted word
 * and not a JSON line; messages are paired by a sequence alignment over their roles, so an extra tool round trip in
 * one run shows as added messages. Anything else is compared as its display text (strings as they are, values as
 * indented JSON).
 */

export interface MessageDiff {
  /** Role (with the speaker or tool name) on each side; null where the message exists on one side only. */
  roleA: string | null;
  roleB: string | null;
  diff: TextDiff;
}

export type ValueDiff = { kind: 'messages'; messages: MessageDiff[] } | { kind: 'text'; diff: TextDiff };

const roleLabel = (m: ChatMessage) => (m.name ? `${m.role} (${m.name})` : m.role);

/** The text a message is compared on: its text, reasoning, tool calls and images, one per line. */
export function messageText(m: ChatMessage): string {
  const lines: string[] = [];
  if (m.reasoning) lines.push(`[reasoning] ${m.reasoning}`);
  if (m.text !== '') lines.push(m.text);
  for (const call of m.toolCalls) lines.push(`→ ${call.name}(${call.arguments})`);
  for (const image of m.images ?? []) lines.push(`[image ${image.length > 80 ? `${image.slice(0, 77)}…` : image}]`);
  return lines.join('\n');
}

function alignMessages(as: ChatMessage[], bs: ChatMessage[]): [ChatMessage | null, ChatMessage | null][] {
  const changes = diffArrays(
    as.map((m) => m.role),
    bs.map((m) => m.role),
  );
  const pairs: [ChatMessage | null, ChatMessage | null][] = [];
  let ia = 0;
  let ib = 0;
  for (const change of changes) {
    for (let k = 0; k < change.count; k++) {
      if (change.added) pairs.push([null, bs[ib++] as ChatMessage]);
      else if (change.removed) pairs.push([as[ia++] as ChatMessage, null]);
      else pairs.push([as[ia++] as ChatMessage, bs[ib++] as ChatMessage]);
    }
  }
  return pairs;
}

/**
 * Diffs two inputs or two outputs within one time budget shared by all their messages: past it, the remaining
 * messages are shown whole (each says so) instead of freezing on a huge transcript.
 */
export function diffValues(a: unknown, b: unknown, timeoutMs: number = DIFF_TIMEOUT_MS * 2): ValueDiff {
  const deadline = Date.now() + timeoutMs;
  const budget = () => Math.max(1, deadline - Date.now());
  const ma = toChatMessages(a);
  const mb = toChatMessages(b);
  if (!ma || !mb) return { kind: 'text', diff: diffText(toDisplayText(a), toDisplayText(b), budget()) };
  const messages = alignMessages(ma, mb).map(([x, y]) => ({
    roleA: x ? roleLabel(x) : null,
    roleB: y ? roleLabel(y) : null,
    diff: diffText(x ? messageText(x) : '', y ? messageText(y) : '', budget()),
  }));
  return { kind: 'messages', messages };
}
