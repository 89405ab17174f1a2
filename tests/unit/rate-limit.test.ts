// The per-client token bucket and the bearer check, called as express would call them.
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { requireBearer, tokensMatch } from '../../src/api/auth.js';
import { ApiError } from '../../src/api/errors.js';
import { rateLimit } from '../../src/api/rate-limit.js';

function call(
  handler: ReturnType<typeof rateLimit>,
  request: Partial<Request>,
): { error: unknown; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response;
  let error: unknown = 'not called';
  handler(request as Request, response, (value?: unknown) => (error = value));
  return { error, headers };
}

describe('rate limit', () => {
  it('lets a burst through, then answers 429 with Retry-After until tokens come back', () => {
    let now = 0;
    const limit = rateLimit({ perMinute: 60, burst: 3, now: () => now });
    const client = { ip: '192.0.2.1' };
    for (let i = 0; i < 3; i += 1) expect(call(limit, client).error).toBeUndefined();
    const refused = call(limit, client);
    expect(refused.error).toBeInstanceOf(ApiError);
    expect((refused.error as ApiError).status).toBe(429);
    expect(refused.headers['Retry-After']).toBe('1');
    // Another client has its own bucket.
    expect(call(limit, { ip: '192.0.2.2' }).error).toBeUndefined();
    now += 1_000;
    expect(call(limit, client).error).toBeUndefined();
    expect(call(limit, client).error).toBeInstanceOf(ApiError);
  });

  it('is off at 0 per minute', () => {
    const limit = rateLimit({ perMinute: 0, burst: 1 });
    for (let i = 0; i < 100; i += 1) expect(call(limit, { ip: '192.0.2.1' }).error).toBeUndefined();
  });

  it('forgets the least recently seen client when its table is full', () => {
    const limit = rateLimit({ perMinute: 1, burst: 1, now: () => 0, maxClients: 2 });
    call(limit, { ip: 'a' });
    call(limit, { ip: 'b' });
    call(limit, { ip: 'c' });
    // `a` was forgotten, so it starts with a full bucket again; `c` is still known and empty.
    expect(call(limit, { ip: 'a' }).error).toBeUndefined();
    expect(call(limit, { ip: 'c' }).error).toBeInstanceOf(ApiError);
  });
});

describe('bearer token', () => {
  const check = requireBearer('s3cret-token-of-admins');
  const run = (authorization?: string) =>
    call(check as ReturnType<typeof rateLimit>, { headers: authorization ? { authorization } : {} });

  it('accepts the configured token only', () => {
    expect(run('Bearer s3cret-token-of-admins').error).toBeUndefined();
    for (const wrong of [
      undefined,
      'Bearer s3cret-token-of-admin',
      'Bearer ',
      'Basic s3cret-token-of-admins',
      'Bearer s3cret-token-of-admins x',
    ]) {
      const { error, headers } = run(wrong);
      expect((error as ApiError).status).toBe(401);
      expect(headers['WWW-Authenticate']).toMatch(/^Bearer/);
    }
  });

  it('compares digests, whatever the lengths', () => {
    expect(tokensMatch('a', 'a')).toBe(true);
    expect(tokensMatch('a', 'a'.repeat(1000))).toBe(false);
  });
});
