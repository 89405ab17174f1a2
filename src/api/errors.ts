// Every failure a caller can cause ends as `{ "error": { "code", "message" } }` with a 4xx status. What the
// caller cannot cause is logged and answered with a plain 500, never a stack trace.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound: RequestHandler = (request) => {
  throw new ApiError(404, 'not_found', `no route for ${request.method} ${request.path}`);
};

/**
 * Headers a failed handler may have set for the answer it meant to send: express.static sets the file's type,
 * ETag and dates before it finds a 412 or 416, and none of them describe the error that goes out instead.
 */
const ANSWER_HEADERS = [
  'Content-Type',
  'Content-Encoding',
  'Content-Disposition',
  'Content-Language',
  'ETag',
  'Last-Modified',
  'Accept-Ranges',
];

/** What express and its parsers mean by a 4xx they raise, as an error code (`precondition_failed`...). */
export function statusCode(status: number): string {
  if (status === 400) return 'bad_request';
  return (STATUS_CODES[status] ?? 'client error').toLowerCase().replace(/[^a-z]+/g, '_');
}

const CLIENT_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  400: 'the request could not be read',
  412: 'a precondition of the request (If-Match, If-Unmodified-Since) does not hold',
  416: 'the requested range is not within the file',
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, _next) => {
    // Half an answer already left: only closing the connection tells the client it is incomplete.
    if (response.headersSent) {
      log.error({ err: error }, 'error after the answer began; connection closed');
      response.destroy();
      return;
    }
    for (const name of ANSWER_HEADERS) response.removeHeader(name);
    // An error is about this request only: no cache, shared or private, should keep it.
    response.setHeader('Cache-Control', 'no-store');
    if (error instanceof ApiError) {
      response.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    // Body parsers and express itself signal client errors with a status on the error.
    const status =
      typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 400 && status < 500) {
      const message = CLIENT_ERROR_MESSAGES[status] ?? 'the request could not be answered as asked';
      response.status(status).json({ error: { code: statusCode(status), message } });
      return;
    }
    log.error({ err: error }, 'unexpected error while answering');
    response.status(500).json({ error: { code: 'internal_error', message: 'something went wrong on our side' } });
  };
}
