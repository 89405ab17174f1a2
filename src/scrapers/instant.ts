// Platform time strings to true instants, with what could not be read as a Problem (issue 10, item 1): a
// time with an explicit zone is read as such; a naive one is Paris time only where the platform's spec says
// so, and otherwise an issue, never silently dropped nor guessed.
import { parseInstantWithOffset, parseParisLocal } from '../time.js';
import { problem, type Problem } from './problems.js';

export type NaiveRule = 'paris' | 'refuse';

export type InstantRead =
  | { readonly ok: true; readonly instant: Date }
  | { readonly ok: false; readonly problem: Problem };

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

export function readInstant(raw: string, naive: NaiveRule, what: string): InstantRead {
  const text = raw.trim();
  if (HAS_ZONE.test(text)) {
    const instant = parseInstantWithOffset(text);
    return instant
      ? { ok: true, instant }
      : { ok: false, problem: problem('bad-time', `${what}: unreadable time ${clip(text)}`) };
  }
  if (naive === 'refuse') {
    const looksLikeTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text);
    return {
      ok: false,
      problem: problem(
        looksLikeTime ? 'naive-time' : 'bad-time',
        `${what}: ${looksLikeTime ? 'time without a zone' : 'unreadable time'} ${clip(text)}`,
      ),
    };
  }
  const instant = parseParisLocal(text);
  return instant
    ? { ok: true, instant }
    : { ok: false, problem: problem('bad-time', `${what}: unreadable time ${clip(text)}`) };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
