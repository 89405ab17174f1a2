// Prepared answers: the bytes of an answer, its compressed forms and its ETag, made once and served many
// times; and the bounded cache of the on-demand ones (queries with parameters), bounded by bytes.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants as zlib, gzip as gzipAsync, gzipSync } from 'node:zlib';
import { addDaysToDate, parisDate, parisMidnight } from '../../time.js';

export interface PreparedAnswer {
  readonly body: Buffer;
  readonly gzip: Buffer;
  /** Only when it is smaller than the gzip by enough to pay for itself (hot answers only). */
  readonly brotli?: Buffer;
  readonly etag: string;
  readonly contentType: string;
  /** After this instant the answer may show a slot that has begun: build it again. */
  readonly validUntil: number;
}

export interface AnswerContent {
  /** Text, or bytes already encoded (the hot answers, joined from cached fragments: no string is made). */
  readonly body: string | Buffer;
  readonly contentType?: string;
  /** The earliest slot start the answer shows, if any. */
  readonly soonestSlotAt?: number | null;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Brotli is kept when it saves at least this share over gzip. */
const BROTLI_MIN_SAVING = 0.1;

/**
 * The gzip level of the rebuild that follows a change. Measured on department answers of 50-250 KB: level 3
 * takes 0.14-0.26 ms against 0.53-0.82 ms at 6, for 8-50% more bytes; level 1 is no faster and larger.
 */
export const QUICK_GZIP_LEVEL = 3;
const GOOD_GZIP_LEVEL = 6;

/** The answer's bytes with gzip -6 and, when asked and it pays, brotli: on-demand answers and settle(). */
export function prepare(content: AnswerContent, now: number, options: { brotli?: boolean } = {}): PreparedAnswer {
  const body = bytesOf(content);
  const gzip = gzipSync(body, { level: GOOD_GZIP_LEVEL });
  const brotli =
    options.brotli && body.length > 1_024 ? worthIt(brotliCompressSync(body, brotliOptions(body)), gzip) : undefined;
  return assemble(content, now, body, gzip, brotli);
}

/**
 * The answer's bytes with a fast gzip and no brotli: what a department churning through a scan cycle gets on
 * each rebuild. recompressed() makes the good forms once it is quiet; the ETag, of the body, stays the same.
 */
export function prepareQuick(content: AnswerContent, now: number): PreparedAnswer {
  const body = bytesOf(content);
  return assemble(content, now, body, gzipSync(body, { level: QUICK_GZIP_LEVEL }), undefined);
}

function bytesOf(content: AnswerContent): Buffer {
  return typeof content.body === 'string' ? Buffer.from(content.body) : content.body;
}

const gzipLater = promisify(gzipAsync);
const brotliLater = promisify(brotliCompress);

/**
 * The same answer with gzip -6 and (when asked and it pays) brotli, compressed on libuv's threads so the event
 * loop is never held by it. Body, ETag, type and expiry are those of `answer`.
 */
export async function recompressed(
  answer: PreparedAnswer,
  options: { brotli?: boolean } = {},
): Promise<PreparedAnswer> {
  const gzip = await gzipLater(answer.body, { level: GOOD_GZIP_LEVEL });
  const brotli =
    options.brotli && answer.body.length > 1_024
      ? worthIt(await brotliLater(answer.body, brotliOptions(answer.body)), gzip)
      : undefined;
  const { brotli: _previous, ...rest } = answer;
  return { ...rest, gzip, ...(brotli ? { brotli } : {}) };
}

/**
 * Quality 4 with a window fitted to the body: smaller than gzip -6 and cheaper (measured on department answers:
 * 0.03 ms against 0.13 ms at 3 KB, 1.6 ms against 3.3 ms at 200 KB); the default 4 MiB window costs more to set
 * up than a small answer costs to compress.
 */
function brotliOptions(body: Buffer) {
  const window = Math.min(22, Math.max(18, Math.ceil(Math.log2(body.length))));
  return {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 4,
      [zlib.BROTLI_PARAM_LGWIN]: window,
      [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  };
}

function worthIt(brotli: Buffer, gzip: Buffer): Buffer | undefined {
  return brotli.length <= gzip.length * (1 - BROTLI_MIN_SAVING) ? brotli : undefined;
}

function assemble(
  content: AnswerContent,
  now: number,
  body: Buffer,
  gzip: Buffer,
  brotli: Buffer | undefined,
): PreparedAnswer {
  return {
    body,
    gzip,
    ...(brotli ? { brotli } : {}),
    etag: etagOf(body),
    contentType: content.contentType ?? JSON_TYPE,
    // Also rebuilt at Paris midnight: "today" (day files, day windows of the statistics) moves then.
    validUntil: Math.min(
      content.soonestSlotAt != null && content.soonestSlotAt > now ? content.soonestSlotAt : now + 60_000,
      nextParisMidnight(now),
    ),
  };
}

/** Of the identity bytes only: the same answer compressed another way keeps its ETag. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
}

export function answerBytes(answer: PreparedAnswer): number {
  return answer.body.length + answer.gzip.length + (answer.brotli?.length ?? 0);
}

/** The last answer, good for every instant from `from` up to it: a rebuild prepares several answers at once. */
let lastMidnight = { from: Number.NaN, midnight: Number.NaN };

export function nextParisMidnight(now: number): number {
  if (now >= lastMidnight.from && now < lastMidnight.midnight) return lastMidnight.midnight;
  const midnight = parisMidnight(addDaysToDate(parisDate(new Date(now)), 1))!.getTime();
  lastMidnight = { from: now, midnight };
  return midnight;
}

/**
 * Least recently used first out, within a budget of bytes (keys and bodies): 2,000 different `limit=200`
 * searches cannot grow memory past it. An answer larger than the budget is served but not kept.
 */
export class ByteBudgetCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(
    readonly budgetBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value) + key.length * 2 + 64;
    if (bytes > this.budgetBytes) return;
    while (this.used + bytes > this.budgetBytes) this.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, bytes });
    this.used += bytes;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }
}
