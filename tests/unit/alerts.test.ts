// The pure parts of the alerts: debounce, filters, signatures, target checks (IPv6 and DNS answers included),
// back-off, and the bounded stream writer that drops a slow reader.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  initialState,
  pending,
  step,
  type DebouncePolicy,
  type DebounceState,
} from '../../src/aggregator/alerts/debounce.js';
import {
  alertFilterInput,
  filterKey,
  matchingCentres,
  toFilter,
  type OfferRow,
} from '../../src/aggregator/alerts/filter.js';
import { signatureHeader, verifySignature } from '../../src/aggregator/alerts/signing.js';
import { checkTarget, isForbiddenAddress } from '../../src/aggregator/alerts/target.js';
import { backoffDelay } from '../../src/aggregator/alerts/webhooks.js';
import { boundedSender } from '../../src/api/routes/alerts.js';

const policy: DebouncePolicy = { holdMs: 2_000, cooldownMs: 60_000 };

/** Runs a timeline of (instant, available) through the debounce; returns the instants that fired. */
function firings(start: DebounceState, timeline: ReadonlyArray<readonly [number, boolean]>): number[] {
  let state = start;
  const fired: number[] = [];
  for (const [at, available] of timeline) {
    const next = step(state, available, at, policy);
    state = next.state;
    if (next.fire) fired.push(at);
  }
  return fired;
}

describe('debounce', () => {
  it('fires on the move from no slot to slots once they have held', () => {
    expect(
      firings(initialState(false, 0), [
        [1_000, true],
        [2_000, true],
        [3_000, true],
        [4_000, true],
      ]),
    ).toEqual([3_000]);
  });

  it('does not fire for slots already there when the key is first seen, only after they went and came back', () => {
    expect(
      firings(initialState(true, 0), [
        [5_000, true],
        [10_000, true],
      ]),
    ).toEqual([]);
    expect(
      firings(initialState(true, 0), [
        [5_000, false],
        [6_000, true],
        [8_000, true],
      ]),
    ).toEqual([8_000]);
  });

  it('ignores a slot that flickers faster than the hold', () => {
    const flicker = Array.from({ length: 20 }, (_, index) => [index * 1_000, index % 2 === 0] as const);
    expect(firings(initialState(false, 0), flicker)).toEqual([]);
  });

  it('fires at most once per cooldown however often slots come and go', () => {
    const timeline: Array<[number, boolean]> = [];
    for (let at = 0; at < 180_000; at += 5_000) timeline.push([at, true], [at + 2_500, true], [at + 4_000, false]);
    // Each on-period holds 2.5 s; a fire every cooldown (60 s): at 2.5 s, 62.5 s, 122.5 s.
    expect(firings(initialState(false, 0), timeline)).toEqual([2_500, 62_500, 122_500]);
  });

  it('tells when a key needs a later look without any change (waiting out its hold)', () => {
    const waiting = step(initialState(false, 0), true, 1_000, policy).state;
    expect(pending(waiting)).toBe(true);
    expect(pending(step(waiting, true, 3_000, policy).state)).toBe(false);
    expect(pending(initialState(true, 0))).toBe(false);
  });
});

describe('filters', () => {
  const rows: OfferRow[] = [
    { centreId: 'a', latitude: 45.76, longitude: 4.84, vaccine: 'Pfizer-BioNTech', dosesKey: '1,2' },
    { centreId: 'b', latitude: 45.99, longitude: 4.72, vaccine: 'Moderna', dosesKey: '3' },
    { centreId: 'c', latitude: null, longitude: null, vaccine: 'Moderna', dosesKey: '1_kid' },
  ];
  const parse = (input: Record<string, string>) => toFilter(alertFilterInput.parse(input));

  it('matches by vaccine, dose and radius', () => {
    expect(matchingCentres(parse({ department: '69' }), rows)).toEqual(['a', 'b', 'c']);
    expect(matchingCentres(parse({ department: '69', vaccine: 'Moderna' }), rows)).toEqual(['b', 'c']);
    expect(matchingCentres(parse({ department: '69', dose: '1_kid' }), rows)).toEqual(['c']);
    expect(matchingCentres(parse({ department: '69', dose: '2' }), rows)).toEqual(['a']);
    // Lyon to Villefranche is about 27 km; a centre without coordinates is never within a radius.
    expect(matchingCentres(parse({ department: '69', lat: '45.76', lon: '4.84', radius_km: '10' }), rows)).toEqual([
      'a',
    ]);
    expect(matchingCentres(parse({ department: '69', lat: '45.76', lon: '4.84', radius_km: '30' }), rows)).toEqual([
      'a',
      'b',
    ]);
  });

  it('refuses unknown departments, fields and half a radius; equal filters share a key', () => {
    expect(alertFilterInput.safeParse({ department: '100' }).success).toBe(false);
    expect(alertFilterInput.safeParse({ department: '2A', dose: '4' }).success).toBe(false);
    expect(alertFilterInput.safeParse({ department: '69', radius_km: '5' }).success).toBe(false);
    expect(alertFilterInput.safeParse({ department: '69', extra: '1' }).success).toBe(false);
    expect(filterKey(parse({ department: '69', vaccine: 'Moderna' }))).toBe(
      filterKey(parse({ vaccine: 'Moderna', department: '69' })),
    );
    expect(filterKey(parse({ department: '69' }))).not.toBe(filterKey(parse({ department: '69', dose: '1' })));
  });
});

describe('signatures', () => {
  const body = '{"type":"slots-available","department":"69"}';

  it('verifies what it signed, and refuses another secret, another body, a stale or malformed header', () => {
    const header = signatureHeader('s3cret', 1_900_000_000, body);
    expect(header).toMatch(/^t=1900000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', header, body, 1_900_000_010)).toEqual({ valid: true });
    expect(verifySignature('other', header, body, 1_900_000_010)).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifySignature('s3cret', header, body.replace('69', '13'), 1_900_000_010)).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifySignature('s3cret', header, body, 1_900_000_301)).toEqual({ valid: false, reason: 'stale' });
    expect(verifySignature('s3cret', 'v1=abc', body, 1_900_000_000)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifySignature('s3cret', undefined, body, 1_900_000_000)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('signs the timestamp with the body: the same body at another instant has another signature', () => {
    expect(signatureHeader('k', 1, body).split('v1=')[1]).not.toBe(signatureHeader('k', 2, body).split('v1=')[1]);
  });
});

describe('webhook targets', () => {
  it('forbids loopback, private, link-local, CGNAT and unspecified addresses, in IPv4 and IPv6', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '100.127.255.254',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'fe80::1%eth0',
      '::ffff:127.0.0.1',
      '::ffff:a00:1',
      '[::1]',
      'not-an-address',
    ]) {
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    for (const address of [
      '93.184.216.34',
      '172.32.0.1',
      '100.128.0.1',
      '8.8.8.8',
      '2001:4860:4860::8888',
      '::ffff:8.8.8.8',
    ]) {
      expect(isForbiddenAddress(address), address).toBe(false);
    }
  });

  const resolving = (answers: Record<string, string[]>) => ({
    allowPrivate: false,
    lookup: async (hostname: string) => {
      const found = answers[hostname];
      if (!found) throw new Error('ENOTFOUND');
      return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  });

  it('checks every address a name resolves to, and pins the request to a checked one', async () => {
    const policy = resolving({
      'hooks.example': ['203.0.113.5', '2001:db9::5'],
      'mixed.example': ['203.0.113.5', '10.0.0.7'],
      'six.example': ['fd00::1'],
      'rebind.example': ['127.0.0.1'],
    });
    const ok = await checkTarget('https://hooks.example/alerts', policy);
    expect(ok).toMatchObject({ ok: true, target: { address: '203.0.113.5', family: 4 } });
    expect(await checkTarget('https://mixed.example/', policy)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('private'),
    });
    expect(await checkTarget('https://six.example/', policy)).toMatchObject({ ok: false });
    expect(await checkTarget('https://rebind.example/', policy)).toMatchObject({ ok: false });
    expect(await checkTarget('https://unknown.example/', policy)).toEqual({ ok: false, reason: 'does not resolve' });
    expect(await checkTarget('http://hooks.example/', policy)).toEqual({ ok: false, reason: 'must use https' });
    expect(await checkTarget('https://user:pw@hooks.example/', policy)).toMatchObject({ ok: false });
    expect(await checkTarget('https://[::1]:8443/', policy)).toMatchObject({ ok: false });
  });

  it('lets loopback and http through only when the test setting allows private targets', async () => {
    expect(await checkTarget('http://127.0.0.1:9/hook', { allowPrivate: true })).toMatchObject({
      ok: true,
      target: { address: '127.0.0.1' },
    });
    expect(await checkTarget('ftp://127.0.0.1/', { allowPrivate: true })).toMatchObject({ ok: false });
  });
});

describe('delivery back-off', () => {
  it('doubles from the base, with jitter between half and all of it', () => {
    expect([2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 1_000, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 1_000, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
  });
});

describe('bounded stream writer', () => {
  it('drops a reader that leaves more than the bound unsent, and never buffers past it', () => {
    // A socket whose peer never reads: nothing it is given is ever flushed.
    const stuck = new Writable({ highWaterMark: 16, write: () => undefined });
    let dropped = 0;
    const send = boundedSender(stuck, 1_000, () => {
      dropped += 1;
      stuck.destroy();
    });
    for (let index = 0; index < 100; index += 1) send(`data: ${'x'.repeat(90)}\n\n`);
    expect(dropped).toBe(1);
    expect(stuck.writableLength).toBeLessThanOrEqual(1_000);
  });

  it('keeps a reader that takes what it is sent', () => {
    const chunks: string[] = [];
    const reading = new Writable({
      write: (chunk, _encoding, done) => {
        chunks.push(String(chunk));
        done();
      },
    });
    const send = boundedSender(reading, 1_000, () => {
      throw new Error('dropped');
    });
    for (let index = 0; index < 100; index += 1) send(`data: ${index}\n\n`);
    expect(chunks).toHaveLength(100);
  });
});
