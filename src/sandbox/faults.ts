// Fault injection: an express middleware in front of each sandbox platform that, per request, may answer
// the way a platform in trouble does instead of letting the platform answer. Configured per platform and
// per fault (a probability each), from code or at run time over the control server, and deterministic for
// a seed: the k-th request to a given URL gets the same fate whatever the interleaving of requests.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { PlatformId } from '../domain.js';
import { randomFor } from './random.js';

export const FAULT_KINDS = [
  'hang',
  'slow',
  'http-500',
  'http-502',
  'http-503',
  'http-429',
  'anti-bot-403',
  'malformed-json',
  'truncated',
  'schema-drift',
  'empty-body',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSettingsSchema = z
  .object({
    /** Probability of each fault on any one request; they add up to at most 1. */
    rates: z.partialRecord(z.enum(FAULT_KINDS), z.number().min(0).max(1)),
    seed: z.number().int().optional(),
    /** Delay of a slow answer. */
    slowMs: z.number().int().min(0).max(600_000).optional(),
    /** How long a hung request is held before its connection is dropped (if the client has not gone). */
    hangMs: z.number().int().min(0).max(3_600_000).optional(),
    /** The Retry-After of a 429. */
    retryAfterSeconds: z.number().int().min(0).max(3_600).optional(),
    /** Field names schema drift leaves alone (a platform may document their absence as a normal answer). */
    driftSpares: z.array(z.string()).optional(),
  })
  .strict()
  .refine(
    (settings) => Object.values(settings.rates).reduce((sum, rate) => sum + (rate ?? 0), 0) <= 1 + 1e-9,
    'fault rates add up to more than 1',
  );
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

/** An even mix of the given faults adding up to `total` (e.g. 0.2 = one request in five). */
export function faultMix(total: number, kinds: readonly FaultKind[] = FAULT_KINDS): FaultSettings['rates'] {
  return Object.fromEntries(kinds.map((kind) => [kind, total / kinds.length]));
}

export interface PlatformFaultReport {
  readonly settings: FaultSettings | null;
  readonly requests: number;
  readonly injected: Readonly<Partial<Record<FaultKind, number>>>;
}

const ANTI_BOT_PAGE =
  '<!DOCTYPE html><html><head><title>Attention Required! | Access denied</title></head>\n' +
  '<body><h1>Sorry, you have been blocked</h1>' +
  '<p>This website is using a security service to protect itself from online attacks.</p></body></html>';

export class FaultInjector {
  private readonly settings = new Map<PlatformId, FaultSettings>();
  private readonly requests = new Map<PlatformId, number>();
  private readonly injected = new Map<PlatformId, Partial<Record<FaultKind, number>>>();
  private readonly seen = new Map<string, number>();
  private readonly held = new Set<Response>();

  constructor(private readonly defaultSeed = 1) {}

  set(platform: PlatformId, settings: FaultSettings): void {
    this.settings.set(platform, faultSettingsSchema.parse(settings));
  }

  clear(platform?: PlatformId): void {
    if (platform) this.settings.delete(platform);
    else this.settings.clear();
  }

  report(): Partial<Record<PlatformId, PlatformFaultReport>> {
    const platforms = new Set<PlatformId>([...this.settings.keys(), ...this.requests.keys()]);
    return Object.fromEntries(
      [...platforms].map((platform) => [
        platform,
        {
          settings: this.settings.get(platform) ?? null,
          requests: this.requests.get(platform) ?? 0,
          injected: { ...this.injected.get(platform) },
        },
      ]),
    );
  }

  /** Faults injected so far, by kind, over every platform. */
  totals(): Record<FaultKind, number> {
    const totals = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
    for (const counts of this.injected.values())
      for (const [kind, count] of Object.entries(counts)) totals[kind as FaultKind] += count;
    return totals;
  }

  /** Drops every hung connection (the sandbox is closing). */
  releaseHeld(): void {
    for (const response of this.held) response.socket?.destroy();
    this.held.clear();
  }

  middleware(platform: PlatformId): RequestHandler {
    return (request, response, next) => {
      this.requests.set(platform, (this.requests.get(platform) ?? 0) + 1);
      const settings = this.settings.get(platform);
      if (!settings) return next();
      const kind = this.choose(platform, settings, `${request.method} ${request.originalUrl}`);
      if (!kind) return next();
      const counts = this.injected.get(platform) ?? {};
      counts[kind] = (counts[kind] ?? 0) + 1;
      this.injected.set(platform, counts);
      this.inject(kind, settings, request, response, next);
    };
  }

  private choose(platform: PlatformId, settings: FaultSettings, requestKey: string): FaultKind | null {
    const key = `${platform} ${requestKey}`;
    const occurrence = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, occurrence);
    const roll = randomFor(settings.seed ?? this.defaultSeed, key, occurrence)();
    let threshold = 0;
    for (const kind of FAULT_KINDS) {
      threshold += settings.rates[kind] ?? 0;
      if (roll < threshold) return kind;
    }
    return null;
  }

  private inject(
    kind: FaultKind,
    settings: FaultSettings,
    request: Request,
    response: Response,
    next: NextFunction,
  ): void {
    switch (kind) {
      case 'hang': {
        this.held.add(response);
        const timer = setTimeout(() => response.socket?.destroy(), settings.hangMs ?? 60_000);
        timer.unref();
        response.on('close', () => {
          clearTimeout(timer);
          this.held.delete(response);
        });
        return;
      }
      case 'slow': {
        const timer = setTimeout(next, settings.slowMs ?? 200);
        request.on('close', () => {
          if (!response.writableEnded && request.destroyed) clearTimeout(timer);
        });
        return;
      }
      case 'http-500':
        response.status(500).json({ error: 'Internal Server Error' });
        return;
      case 'http-502':
        response
          .status(502)
          .type('html')
          .send(
            '<html><head><title>502 Bad Gateway</title></head>' +
              '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
          );
        return;
      case 'http-503':
        response
          .status(503)
          .type('html')
          .send('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
        return;
      case 'http-429':
        response.status(429).setHeader('Retry-After', String(settings.retryAfterSeconds ?? 1));
        response.type('text').send('Too Many Requests');
        return;
      case 'anti-bot-403':
        response.status(403).type('html').send(ANTI_BOT_PAGE);
        return;
      case 'empty-body':
        response.status(200).type('json').send('');
        return;
      case 'malformed-json':
      case 'truncated':
      case 'schema-drift':
        rewriteBody(
          response,
          kind,
          randomFor(settings.seed ?? this.defaultSeed, 'body', request.originalUrl),
          settings.driftSpares ?? [],
        );
        next();
        return;
    }
  }
}

/** Lets the platform answer, then spoils what it wrote before it leaves. */
function rewriteBody(
  response: Response,
  kind: 'malformed-json' | 'truncated' | 'schema-drift',
  random: () => number,
  spares: readonly string[],
): void {
  const chunks: Buffer[] = [];
  const write = response.write.bind(response);
  const end = response.end.bind(response);
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(
      Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
    );
  };
  response.write = ((chunk: unknown, encoding?: unknown) => {
    collect(chunk, encoding);
    return true;
  }) as Response['write'];
  response.end = ((chunk?: unknown, encoding?: unknown) => {
    collect(chunk, encoding);
    const body = Buffer.concat(chunks).toString('utf8');
    if (kind === 'truncated') {
      // The full length is announced, half of it is sent, then the connection drops.
      const full = Buffer.byteLength(body);
      response.setHeader('Content-Length', String(full));
      write(Buffer.from(body).subarray(0, Math.floor(full / 2)), () => response.socket?.destroy());
      return response;
    }
    const spoilt = kind === 'malformed-json' ? `{"unterminated": ${body}` : driftSchema(body, random, spares);
    response.setHeader('Content-Length', String(Buffer.byteLength(spoilt)));
    return end(spoilt);
  }) as Response['end'];
}

/**
 * Schema drift: one field name of the answer (picked at random among those it uses) is renamed or gone in
 * every object that has it, as when a platform ships a new version of its API. Only names that look like
 * field names drift: keys that are data (dates, ids, as in `{"2021-06-01": [...]}`) are values, and a
 * platform renaming a value is not a schema change. A body that is not JSON is left alone.
 */
const FIELD_NAME = /^[A-Za-z_]\w*$/;

export function driftSchema(body: string, random: () => number, spares: readonly string[] = []): string {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return body;
  }
  const keys = new Set<string>();
  walk(data, (object) => {
    for (const key of Object.keys(object)) if (FIELD_NAME.test(key) && !spares.includes(key)) keys.add(key);
  });
  if (keys.size === 0) return body;
  const sorted = [...keys].sort();
  const field = sorted[Math.floor(random() * sorted.length)]!;
  const rename = random() < 0.5;
  walk(data, (object) => {
    if (!(field in object)) return;
    if (rename) object[`${field}_v2`] = object[field];
    delete object[field];
  });
  return JSON.stringify(data);
}

function walk(value: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value !== null && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    for (const item of Object.values(value)) walk(item, visit);
  }
}
