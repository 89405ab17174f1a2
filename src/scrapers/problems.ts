// Item issues: one item of an answer (a listing entry, a slot, a link) that could not be used. Each is a
// value, counted per platform and kind and shown in /api/v1/platforms; none costs the page, the centre or
// the other slots (issue 10, item 1). Failures of a whole answer stay scan issues (domain.ts ScanIssue).
import type { PlatformId, ScanIssue } from '../domain.js';

export const PROBLEM_KINDS = [
  /** An item whose fields we need are missing or of the wrong type. */
  'invalid-item',
  /** A booking link that is not `https:` on the platform's own hosts (or has userinfo, a port...). */
  'unsafe-url',
  /** An item without the booking link we need. */
  'missing-url',
  /** Coordinates out of range, not finite, or far outside France. */
  'bad-coordinates',
  /** A department code that is not on the official list ("99", "20"). */
  'unknown-department',
  /** A time without a zone where the platform's spec does not say it is Paris time. */
  'naive-time',
  /** A time that cannot be read at all. */
  'bad-time',
  /** The same slot sent more than once: collapsed into one. */
  'duplicate-slot',
  /** A centre answered more slots than the per-centre cap: the rest were dropped. */
  'slot-cap',
  /** An anti-bot or error HTML page where an answer was expected. */
  'blocked',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** What a platform module says about an item; the shared pipeline adds the platform. */
export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
}

export interface ItemIssue extends Problem {
  readonly platform: PlatformId;
}

export function problem(kind: ProblemKind, message: string): Problem {
  return { kind, message };
}

/** The zod error of an item, in one line: the first path and message. */
export function describeZodError(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : 'invalid';
}

/** Problems that mean an item could not be read, as opposed to one read and refused. */
export const UNREADABLE_KINDS: ReadonlySet<ProblemKind> = new Set(['invalid-item', 'naive-time', 'bad-time']);

/**
 * One answer of `items` items, `problems` among them: an odd item costs only itself, but an answer most of
 * whose items could not be read has changed shape (a renamed field), and keeping its readable rest would
 * silently replace good data with a fraction of it. Such an answer is a parse failure.
 */
export function unreadableAnswer(items: number, problems: readonly Problem[], where: string): ScanIssue | null {
  const unreadable = problems.filter((found) => UNREADABLE_KINDS.has(found.kind));
  const readable = items - unreadable.length;
  if (unreadable.length === 0 || unreadable.length <= readable) return null;
  return {
    reason: 'parse-failure',
    message: `${where}: ${unreadable.length} of ${items} item(s) could not be read (${unreadable[0]!.message})`,
  };
}
