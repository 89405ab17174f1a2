// GET /api/openapi.json: the document, prepared once (bytes, gzip, ETag) like every other answer.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Router } from 'express';
import type { PreparedAnswer } from '../../aggregator/read/read-model.js';
import { openApiDocument } from '../openapi/document.js';
import { parseNoParameters } from '../query.js';
import { writePrepared } from '../respond.js';

export function openApiRoutes(): Router {
  const router = Router();
  const body = Buffer.from(JSON.stringify(openApiDocument()));
  const prepared: PreparedAnswer = {
    body,
    gzip: gzipSync(body),
    etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`,
    contentType: 'application/json; charset=utf-8',
    validUntil: Number.POSITIVE_INFINITY,
  };
  router.get('/api/openapi.json', (request, response) => {
    parseNoParameters(request.query as Record<string, unknown>);
    writePrepared(request, response, prepared);
  });
  return router;
}
