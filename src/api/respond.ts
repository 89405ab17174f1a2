// Sends a prepared answer with what a CDN and a browser need to serve a rush without us: a strong ETag
// (304 on a match), a short max-age, stale-while-revalidate, and brotli or gzip when the client takes it.
// Plain node types: express's routes and the fast lane both answer through writePrepared, so their answers are
// the same bytes and headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PreparedAnswer } from '../aggregator/read/read-model.js';
import { chooseEncoding, noneMatchHits } from './negotiate.js';

export const CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=60';

/** What writing an answer needs of it: its bytes, their gzip form, its ETag and type. */
export type WritableAnswer = Pick<PreparedAnswer, 'body' | 'gzip' | 'brotli' | 'etag' | 'contentType'>;

/** `vary` names request headers the answer depends on besides Accept-Encoding (`Accept` for CSV-or-JSON). */
export function writePrepared(
  request: IncomingMessage,
  response: ServerResponse,
  answer: WritableAnswer,
  vary?: string,
): void {
  response.setHeader('ETag', answer.etag);
  response.setHeader('Cache-Control', CACHE_CONTROL);
  response.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  response.setHeader('Content-Type', answer.contentType);
  if (noneMatchHits(request.headers['if-none-match'], answer.etag)) {
    response.statusCode = 304;
    response.end();
    return;
  }
  const encoding = chooseEncoding(request.headers['accept-encoding'], answer.brotli !== undefined);
  if (encoding === 'identity') {
    response.end(answer.body);
    return;
  }
  response.setHeader('Content-Encoding', encoding);
  response.end(encoding === 'br' ? answer.brotli : answer.gzip);
}
