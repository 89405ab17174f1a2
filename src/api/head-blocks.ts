// The fast lane's answers with their header lines built once per prepared answer, not per request: every hot
// answer is sent to thousands of clients between two rebuilds, with the same headers each time, so the
// per-request work is picking one of four ready lists (and node adding Date and keep-alive), instead of a dozen
// setHeader calls that each validate and lower-case a name into node's header table.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chooseEncoding, noneMatchHits } from './negotiate.js';
import { CACHE_CONTROL, type WritableAnswer } from './respond.js';

/** Header names and values in one flat list, as `response.writeHead` takes them without a header table. */
export type HeaderLines = readonly string[];

interface Blocks {
  readonly prefix: HeaderLines;
  readonly identity: string[];
  readonly gzip: string[];
  readonly brotli: string[] | null;
  readonly notModified: string[];
}

/** Flat lines of header objects, in order (the CORS and security headers the lane sends before the answer's). */
export function headerLines(...objects: ReadonlyArray<Readonly<Record<string, string>>>): HeaderLines {
  return Object.freeze(objects.flatMap((object) => Object.entries(object).flat()));
}

/**
 * The same headers as writePrepared (without a Vary beyond Accept-Encoding), in the same order, after `prefix`;
 * Content-Length is given here because writeHead sends the head before node could count the body.
 */
function blocksOf(answer: WritableAnswer, prefix: HeaderLines): Blocks {
  const head = [
    ...prefix,
    'ETag',
    answer.etag,
    'Cache-Control',
    CACHE_CONTROL,
    'Vary',
    'Accept-Encoding',
    'Content-Type',
    answer.contentType,
  ];
  const sending = (bytes: Buffer, encoding?: string): string[] => [
    ...head,
    ...(encoding ? ['Content-Encoding', encoding] : []),
    'Content-Length',
    String(bytes.length),
  ];
  return {
    prefix,
    identity: sending(answer.body),
    gzip: sending(answer.gzip, 'gzip'),
    brotli: answer.brotli ? sending(answer.brotli, 'br') : null,
    notModified: head,
  };
}

// Keyed by the answer object: a rebuilt answer is a new object, and the old one's lines go with it.
const cache = new WeakMap<WritableAnswer, Blocks>();

function blocksFor(answer: WritableAnswer, prefix: HeaderLines): Blocks {
  let blocks = cache.get(answer);
  // One answer is only ever served under one prefix in practice (hot paths are never embed pages).
  if (blocks === undefined || blocks.prefix !== prefix) {
    blocks = blocksOf(answer, prefix);
    cache.set(answer, blocks);
  }
  return blocks;
}

/** writePrepared's answer (the same status, headers and bytes) from the answer's ready header lines. */
export function writePreparedLines(
  request: IncomingMessage,
  response: ServerResponse,
  answer: WritableAnswer,
  prefix: HeaderLines,
): void {
  const blocks = blocksFor(answer, prefix);
  if (noneMatchHits(request.headers['if-none-match'], answer.etag)) {
    response.writeHead(304, blocks.notModified);
    response.end();
    return;
  }
  const encoding = chooseEncoding(request.headers['accept-encoding'], blocks.brotli !== null);
  if (encoding === 'identity') {
    response.writeHead(200, blocks.identity);
    response.end(answer.body);
  } else if (encoding === 'gzip') {
    response.writeHead(200, blocks.gzip);
    response.end(answer.gzip);
  } else {
    response.writeHead(200, blocks.brotli!);
    response.end(answer.brotli);
  }
}
