// Accept-Encoding and If-None-Match as the prepared answers read them (src/api/negotiate.ts).
import { describe, expect, it } from 'vitest';
import { chooseEncoding, noneMatchHits } from '../../src/api/negotiate.js';

describe('chooseEncoding', () => {
  it.each([
    [undefined, 'identity', 'identity'],
    ['', 'identity', 'identity'],
    ['gzip, deflate, br', 'br', 'gzip'],
    ['gzip, deflate, br, zstd', 'br', 'gzip'],
    ['gzip', 'gzip', 'gzip'],
    ['gzip;q=0', 'identity', 'identity'],
    ['gzip;q=0, br', 'br', 'identity'],
    ['br;q=0.5, gzip;q=0.8', 'gzip', 'gzip'],
    ['identity', 'identity', 'identity'],
    ['identity;q=1, gzip;q=0.5', 'identity', 'identity'],
    ['*', 'br', 'gzip'],
    ['*;q=0', 'identity', 'identity'],
    ['identity;q=0', 'identity', 'identity'],
    ['GZIP', 'gzip', 'gzip'],
    ['x-gzip-like, gzipped', 'identity', 'identity'],
  ] as const)('%j: %s with brotli, %s without', (header, withBrotli, withoutBrotli) => {
    expect(chooseEncoding(header, true)).toBe(withBrotli);
    expect(chooseEncoding(header, false)).toBe(withoutBrotli);
    // The second reading comes from the cache and must agree.
    expect(chooseEncoding(header, true)).toBe(withBrotli);
  });
});

describe('noneMatchHits', () => {
  const etag = '"abc"';
  it.each([
    [undefined, false],
    ['', false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"x",W/"abc"', true],
    ['*', true],
    ['"x", *', true],
    ['"abcd"', false],
    ['abc', false],
  ] as const)('%j: %s', (header, hits) => {
    expect(noneMatchHits(header, etag)).toBe(hits);
  });
});
