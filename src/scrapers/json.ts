// Every platform answer crosses this boundary: JSON parsed, then checked against the schema the adapter
// expects. A failure is a value the adapter turns into a scan issue, never an exception.
import type { z } from 'zod';
import type { ScanIssue } from '../domain.js';
import { htmlTitle, looksLikeHtml } from './html.js';
import type { HttpResponse } from './http.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: ScanIssue };

export function readJson<S extends z.ZodType>(response: HttpResponse, schema: S): Parsed<z.infer<S>> {
  let data: unknown;
  try {
    data = JSON.parse(response.body);
  } catch {
    if (looksLikeHtml(response)) {
      return {
        ok: false,
        issue: {
          reason: 'blocked',
          message:
            `${response.url}: an HTML page instead of an answer ` +
            `(${response.status}): "${htmlTitle(response.body) ?? 'untitled'}"`,
        },
      };
    }
    return {
      ok: false,
      issue: { reason: 'parse-failure', message: `${response.url}: body is not JSON (${response.status})` },
    };
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
    return { ok: false, issue: { reason: 'parse-failure', message: `${response.url}: unexpected shape at ${where}` } };
  }
  return { ok: true, value: result.data };
}
