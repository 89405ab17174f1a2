// The sandbox's `response.json`: what Express's json() then send() put on the wire, for the common case, without
// their steps. Express turns every answer body into a Buffer to measure it and sets its headers through a
// content-type parse and format; in a scan cycle that was a tenth of the sandbox's CPU, the answers being big
// (a Valwin agenda is ~140 KB). Anything out of the common case goes to Express's own json().
import type { Response } from 'express';

type Json = (this: Response, body: unknown) => Response;

const CONTENT_TYPE = 'application/json; charset=utf-8';
/** Statuses whose body or headers Express's send() rewrites. */
const REWRITTEN = new Set([204, 205, 304]);

/** A json() for `app.response.json`, falling back to Express's own (`standard`) outside the common case. */
export function fastJson(standard: Json): Json {
  return function json(this: Response, value: unknown): Response {
    const request = this.req;
    if (
      this.app.get('json replacer') !== undefined ||
      this.app.get('json spaces') !== undefined ||
      this.app.get('json escape') ||
      typeof this.app.get('etag fn') === 'function' ||
      this.getHeader('Content-Type') !== undefined ||
      this.getHeader('Transfer-Encoding') !== undefined ||
      this.getHeader('ETag') !== undefined ||
      REWRITTEN.has(this.statusCode) ||
      request.method === 'HEAD' ||
      // A conditional request could be answered 304 (Express's req.fresh).
      request.headers['if-none-match'] !== undefined ||
      request.headers['if-modified-since'] !== undefined
    ) {
      return standard.call(this, value);
    }
    const text = JSON.stringify(value) as string | undefined;
    if (typeof text !== 'string') return standard.call(this, value);
    this.setHeader('Content-Type', CONTENT_TYPE);
    this.setHeader('Content-Length', String(Buffer.byteLength(text)));
    // A string body goes out with the headers in one write, encoded once.
    this.end(text);
    return this;
  };
}
