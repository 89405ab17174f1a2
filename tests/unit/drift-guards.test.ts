// Answers that must not be read as "answered, no slot" (which would replace a centre's good data): found by
// the soak, kept here as plain parser cases.
import { describe, expect, it } from 'vitest';
import { readAvailability } from '../../src/scrapers/bimedoc/parse.js';
import { availabilitiesSchema } from '../../src/scrapers/doctolib/schema.js';
import type { HttpResponse } from '../../src/scrapers/http.js';

const WINDOW = { from: new Date('2021-08-10T00:00:00Z'), to: new Date('2021-08-21T00:00:00Z') };
const answer = (status: number, body: string, contentType = 'application/json'): HttpResponse => ({
  url: 'http://127.0.0.1/x',
  status,
  headers: { 'content-type': contentType },
  body,
});

describe('drift and firewalls are not "no slot"', () => {
  it("Bimedoc: an HTML 403 is a firewall (blocked); the API's own 403 still lists the centre as unavailable", () => {
    expect(
      readAvailability(answer(403, '<html>Access denied</html>', 'text/html; charset=utf-8'), WINDOW),
    ).toMatchObject({ kind: 'issue', issue: { reason: 'blocked' } });
    expect(readAvailability(answer(403, '{"detail":"Forbidden"}'), WINDOW)).toEqual({
      kind: 'slots',
      slots: [],
      problems: [],
    });
  });

  it('Bimedoc: an answer without its `slots` field is unreadable, not empty', () => {
    expect(readAvailability(answer(200, '{"slots_v2":[]}'), WINDOW)).toMatchObject({
      kind: 'issue',
      issue: { reason: 'parse-failure' },
    });
    expect(readAvailability(answer(200, '{"slots":[]}'), WINDOW)).toEqual({ kind: 'slots', slots: [], problems: [] });
  });

  it('Doctolib: a day of availabilities without its `slots` field is refused', () => {
    expect(availabilitiesSchema.safeParse({ availabilities: [{ date: '2021-04-10', slots_v2: [] }] }).success).toBe(
      false,
    );
    expect(availabilitiesSchema.safeParse({ availabilities: [{ date: '2021-04-10', slots: [] }] }).success).toBe(true);
  });
});
