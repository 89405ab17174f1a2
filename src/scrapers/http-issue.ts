// What a platform's failure to answer becomes: a scan issue, never an exception (design.md, adapter contract).
import type { z } from 'zod';
import type { ScanIssue } from '../domain.js';
import { htmlTitle, looksLikeHtml } from './html.js';
import { HttpFailure, type HttpClient, type HttpRequest, type HttpResponse } from './http.js';
import { readJson, type Parsed } from './json.js';

export type Fetched =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly issue: ScanIssue };

/** The issue a thrown request failure stands for: a timeout is told apart, the rest is an HTTP error. */
export function failureIssue(error: unknown): ScanIssue {
  if (error instanceof HttpFailure) {
    if (error.kind === 'timeout') return { reason: 'timeout', message: error.message };
    if (error.kind === 'circuit-open') return { reason: 'circuit-open', message: error.message };
    return { reason: 'http-error', message: error.message };
  }
  return { reason: 'http-error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The issue a non-2xx status means: a 403 is an anti-bot wall, anything else a plain HTTP error. An HTML
 * page says which wall or error it is by its title, which the message keeps.
 */
export function statusIssue(response: HttpResponse): ScanIssue {
  const title = looksLikeHtml(response) ? htmlTitle(response.body) : null;
  const page = title ? `: "${title}"` : '';
  return response.status === 403
    ? { reason: 'blocked', message: `${response.url}: HTTP 403 (blocked)${page}` }
    : { reason: 'http-error', message: `${response.url}: HTTP ${response.status}${page}` };
}

/** One request whose every outcome is a value: the response (any status), or the issue of no answer. */
export async function fetchResponse(http: HttpClient, request: HttpRequest): Promise<Fetched> {
  try {
    return { ok: true, response: await http.request(request) };
  } catch (error) {
    return { ok: false, issue: failureIssue(error) };
  }
}

export function isSuccess(response: HttpResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** The common case: a 2xx answer whose JSON has the expected shape, or the issue saying why not. */
export async function fetchJson<S extends z.ZodType>(
  http: HttpClient,
  request: HttpRequest,
  schema: S,
): Promise<Parsed<z.infer<S>>> {
  const fetched = await fetchResponse(http, request);
  if (!fetched.ok) return fetched;
  if (!isSuccess(fetched.response)) return { ok: false, issue: statusIssue(fetched.response) };
  return readJson(fetched.response, schema);
}
