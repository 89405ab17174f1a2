// What every adapter does the same way: turn a request into a response or a scan issue, never a throw.
import type { ScanIssue } from '../domain.js';
import { HttpFailure, type HttpClient, type HttpRequest, type HttpResponse } from './http.js';

export type Fetched = { readonly ok: true; readonly response: HttpResponse } | { readonly ok: false; readonly issue: ScanIssue };

/** Sends a request; a missing answer becomes a `timeout`/`http-error` issue. Statuses are left to the caller. */
export async function fetchResponse(http: HttpClient, request: HttpRequest): Promise<Fetched> {
  try {
    return { ok: true, response: await http.request(request) };
  } catch (error) {
    if (error instanceof HttpFailure) {
      const reason = error.kind === 'timeout' ? 'timeout' : error.kind === 'circuit-open' ? 'circuit-open' : 'http-error';
      return { ok: false, issue: { reason, message: error.message } };
    }
    throw error;
  }
}

/** The issue a non-2xx status means: a 403 is an anti-bot wall, anything else a plain HTTP error. */
export function statusIssue(response: HttpResponse): ScanIssue {
  return response.status === 403
    ? { reason: 'blocked', message: `${response.url}: 403 (blocked)` }
    : { reason: 'http-error', message: `${response.url}: HTTP ${response.status}` };
}

export function isSuccess(response: HttpResponse): boolean {
  return response.status >= 200 && response.status < 300;
}
