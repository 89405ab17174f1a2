// Prepared answers and the byte-bounded cache of on-demand answers.
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ByteBudgetCache, prepare } from '../../src/aggregator/read/prepared.js';

describe('the on-demand answer cache', () => {
  it('stays within its byte budget however many distinct queries come, least recently used out first', () => {
    const cache = new ByteBudgetCache<Buffer>(1024 * 1024, (value) => value.length);
    // 2,000 distinct `limit=200` searches of about 100 KB each: 200 MB if nothing were dropped.
    for (let i = 0; i < 2_000; i += 1) {
      cache.set(`slots:{"limit":200,"i":${i}}`, Buffer.alloc(100_000));
      expect(cache.bytes).toBeLessThanOrEqual(1024 * 1024);
    }
    expect(cache.size).toBe(10);
    expect(cache.get('slots:{"limit":200,"i":1990}')).toBeDefined();
    expect(cache.get('slots:{"limit":200,"i":1989}')).toBeUndefined();

    // A read makes an entry recent: the next insertion drops another one.
    cache.get('slots:{"limit":200,"i":1990}');
    cache.set('another', Buffer.alloc(100_000));
    expect(cache.get('slots:{"limit":200,"i":1990}')).toBeDefined();
    expect(cache.get('slots:{"limit":200,"i":1991}')).toBeUndefined();
  });

  it('serves but never keeps an answer larger than the whole budget', () => {
    const cache = new ByteBudgetCache<Buffer>(1_000, (value) => value.length);
    cache.set('small', Buffer.alloc(100));
    cache.set('huge', Buffer.alloc(10_000));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBeDefined();
  });
});

describe('prepared answers', () => {
  it('hold the body, its gzip, brotli when it pays, and a strong ETag', () => {
    const body = JSON.stringify(
      Array.from({ length: 500 }, (_, i) => ({ id: `centre${i}`, soonest: '2026-03-02T09:00:00+01:00' })),
    );
    const answer = prepare({ body }, Date.parse('2026-03-02T08:00:00Z'), { brotli: true });
    expect(gunzipSync(answer.gzip).toString()).toBe(body);
    expect(brotliDecompressSync(answer.brotli!).toString()).toBe(body);
    expect(answer.brotli!.length).toBeLessThan(answer.gzip.length);
    expect(answer.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    // Tiny answers are not worth a third form.
    expect(prepare({ body: '{}' }, 0, { brotli: true }).brotli).toBeUndefined();
  });
});
