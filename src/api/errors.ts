// Every failure a caller can cause ends as `{ "error": { "code", "message" } }` with a 4xx status. What the
// caller cannot cause is logged and answered with a plain 500, never a stack trace.
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

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, _next) => {
    // An error is about this request only: no cache, shared or private, should keep it.
    response.setHeader('Cache-Control', 'no-store');
    if (error instanceof ApiError) {
      response.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    // Body parsers and express itself signal client errors with a status on the error.
    const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 400 && status < 500) {
      response.status(status).json({ error: { code: 'bad_request', message: 'the request could not be read' } });
      return;
    }
    log.error({ err: error }, 'unexpected error while answering');
    response.status(500).json({ error: { code: 'internal_error', message: 'something went wrong on our side' } });
  };
}
