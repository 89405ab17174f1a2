// The public page in Debian's Chromium against the whole system in sandbox mode: what a visitor sees must be
// exactly what the API answers, for every way of searching, on a phone too, with no serious axe violation.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import {
  axe,
  collectErrors,
  documentWidth,
  launchBrowser,
  screenshot,
  serious,
  type TestBrowser,
} from './support/browser.js';
import {
  HOSTILE_ID,
  HOSTILE_NAME,
  startPagesSystem,
  type CentreSummary,
  type PagesSystem,
} from './support/pages-system.js';

const PARIS = { latitude: 48.8566, longitude: 2.3522 };
const FIRST_LOAD_BUDGET = 60 * 1024;

describe('the public page', () => {
  let sys: PagesSystem;
  let browser: TestBrowser;
  let now: number;
  const opened: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    [sys, browser] = await Promise.all([startPagesSystem(), launchBrowser()]);
    now = sys.env.clock.now().getTime();
  }, 240_000);
  afterAll(async () => {
    await Promise.all(opened.map((context) => context.close()));
    await browser?.close();
    await sys?.close();
  });

  /** A fresh context whose clock reads the system's clock, so "il y a 2 min" is about the sandbox's time. */
  async function open(path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.context(options);
    opened.push(context);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.clock.setFixedTime(now);
    await page.goto(`${sys.url}${path}`);
    await settled(page);
    return { page, errors };
  }

  const settled = (page: Page) => page.waitForSelector('#results[aria-busy="false"]', { timeout: 20_000 });
  const shownIds = (page: Page) =>
    page.$$eval('#results li.centre', (items) => items.map((item) => (item as HTMLElement).dataset.id));
  const ids = (centres: readonly CentreSummary[]) => centres.map((centre) => centre.id);

  /** A department with several centres, some with slots: the usual case. */
  async function busyDepartment(): Promise<string> {
    for (const code of ['13', '69', '33', '59', '31', '06', '44']) {
      const centres = await sys.centres(code);
      if (centres.filter((centre) => centre.slot_count > 0).length >= 2) return code;
    }
    throw new Error('no department with two centres with slots');
  }

  it('lists exactly the centres the API returns, in its order, after picking a department', async () => {
    const { page, errors } = await open('/');
    const code = await busyDepartment();
    await page.selectOption('#department', code);
    await settled(page);
    const expected = await sys.centres(code);
    expect(await shownIds(page)).toEqual(ids(expected));
    expect(new URL(page.url()).searchParams.get('department')).toBe(code);
    const first = expected.find((centre) => centre.slot_count > 0 && !centre.stale)!;
    const card = page.locator(`li[data-id="${first.id}"]`);
    await expect.poll(() => card.locator('.soonest').textContent()).toContain(`${first.slot_count} créneaux`);
    expect(await card.locator('.updated').textContent()).toMatch(/^Mis à jour (à l’instant|il y a \d+ min)$/);
    // One cell per coming day, each with the API's count for that day.
    const days = await card
      .locator('.days li')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('aria-label')));
    expect(days).toHaveLength(7);
    const firstDay = first.days[0]!;
    expect(
      days.some((label) => label!.endsWith(`: ${firstDay.slot_count} créneau${firstDay.slot_count === 1 ? '' : 'x'}`)),
    ).toBe(true);
    expect(await page.locator('#status').textContent()).toMatch(/mis à jour/);
    await screenshot(page, 'public-department-desktop');
    expect(errors).toEqual([]);
  });

  it('suggests communes and postal codes, and lists what the API has there', async () => {
    const code = await busyDepartment();
    const centre = (await sys.centres(code)).find((c) => c.postal_code && c.city)!;
    const detail = await sys.json<{ center: { insee: string; city: string } }>(`/api/v1/centers/${centre.id}`);
    const { page } = await open('/');
    const communes = await sys.json<Array<[string, string, string, string]>>('/communes.json');
    const commune = communes.find((row) => row[1] === detail.center.insee)!;
    await page.fill('#place', commune[0]);
    const suggestion = page.locator('#suggestions li', { hasText: `${commune[0]} (${commune[2]}` }).first();
    await suggestion.waitFor();
    expect(await page.getAttribute('#place', 'aria-expanded')).toBe('true');
    await screenshot(page, 'public-suggestions-desktop', false);
    await suggestion.click();
    await settled(page);
    expect(new URL(page.url()).searchParams.get('commune')).toBe(commune[1]);
    expect(await shownIds(page)).toEqual(ids(await sys.centres(code, `commune=${commune[1]}`)));
    expect(await shownIds(page)).toContain(centre.id);

    // A postal code, typed and confirmed with the keyboard alone.
    await page.fill('#place', '');
    await page.locator('#place').pressSequentially(centre.postal_code!);
    await page.locator('#suggestions li').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await settled(page);
    const postalCode = new URL(page.url()).searchParams.get('postal_code')!;
    expect(postalCode).toBe(centre.postal_code);
    expect(await shownIds(page)).toEqual(ids(await sys.centres(code, `postal_code=${postalCode}`)));
  });

  it('shows distances near the visitor, in the API order, with the geolocation granted at Paris', async () => {
    const { page } = await open('/', { geolocation: PARIS, permissions: ['geolocation'] });
    await page.click('#near');
    await page.waitForURL(/lat=48\.857/);
    await settled(page);
    const url = new URL(page.url());
    expect([url.searchParams.get('lat'), url.searchParams.get('lon')]).toEqual(['48.857', '2.352']);
    const code = url.searchParams.get('department')!;
    const expected = await sys.centres(code, 'lat=48.857&lon=2.352');
    expect(await shownIds(page)).toEqual(ids(expected));
    const withDistance = expected.filter((centre) => centre.distance_km !== undefined);
    expect(withDistance.length).toBeGreaterThan(0);
    for (const centre of withDistance) {
      expect(await page.locator(`li[data-id="${centre.id}"] .distance`).textContent()).toMatch(/^À [\d\s ,]+ km$/);
    }
    await screenshot(page, 'public-near-me-desktop');
  });

  it('applies each filter, keeps them in the URL, and a shared URL shows the same list', async () => {
    const code = await busyDepartment();
    const all = await sys.centres(code);
    const vaccine = all.flatMap((centre) => centre.vaccines).find((v) => v !== 'unknown')!;
    const { page } = await open(`/?department=${code}`);
    expect(await shownIds(page)).toEqual(ids(all));

    await page.selectOption('#vaccine', vaccine);
    await settled(page);
    expect(await shownIds(page)).toEqual(ids(await sys.centres(code, `vaccine=${encodeURIComponent(vaccine)}`)));

    await page.selectOption('#dose', '1');
    await settled(page);
    expect(await shownIds(page)).toEqual(ids(await sys.centres(code, `vaccine=${encodeURIComponent(vaccine)}&dose=1`)));

    const day = all.find((centre) => centre.days.length > 1)!.days[1]!.date;
    await page.fill('#from', day);
    await settled(page);
    await page.fill('#to', day);
    await settled(page);
    const query = `vaccine=${encodeURIComponent(vaccine)}&dose=1&from=${day}&to=${day}`;
    const filtered = await sys.centres(code, query);
    expect(await shownIds(page)).toEqual(ids(filtered));
    const params = new URL(page.url()).searchParams;
    expect([params.get('vaccine'), params.get('dose'), params.get('from'), params.get('to')]).toEqual([
      vaccine,
      '1',
      day,
      day,
    ]);

    const shared = await open(`/${new URL(page.url()).search}`);
    expect(await shownIds(shared.page)).toEqual(ids(filtered));
    expect(await shared.page.inputValue('#vaccine')).toBe(vaccine);
    expect(await shared.page.inputValue('#from')).toBe(day);
  });

  it(
    'shows a stale centre as "données indisponibles" with its last known ' + 'slots greyed, never as "no slot"',
    async () => {
      let found: { code: string; stale: CentreSummary } | null = null;
      for (const { code } of (await sys.json<{ departments: Array<{ code: string }> }>('/api/v1/departments'))
        .departments) {
        const known = (await sys.centres(code, 'include_stale=true')).find(
          (centre) => centre.stale && centre.slot_count > 0,
        );
        if (known) {
          found = { code, stale: known };
          break;
        }
      }
      expect(found, 'a stale centre with last known slots').not.toBeNull();
      const { page } = await open(`/?department=${found!.code}`);
      const card = page.locator(`li[data-id="${found!.stale.id}"]`);
      expect(await card.getAttribute('class')).toContain('stale');
      const text = (await card.textContent())!;
      expect(text).toContain('Données indisponibles');
      expect(text).not.toContain('Aucun créneau');
      expect(text).toContain(`Derniers créneaux connus (peut-être déjà pris)`);
      expect(text).toContain(`${found!.stale.slot_count} créneau`);
      expect(await card.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(245, 245, 245)');
      expect(await page.locator('#status').textContent()).toMatch(/sans données à jour/);
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, 'public-stale-centre-desktop', false);
    },
  );

  it('links each booking button to the platform, follows it, and never draws a javascript: link', async () => {
    const { page, errors } = await open('/?department=75');
    const centres = await sys.centres('75');
    // A place named by a listing of another platform (its lowest id) books there: look a little further.
    let loopback = centres.find((centre) => centre.booking_url.startsWith('http://127.0.0.1:'));
    for (const code of ['01', '02', '03', '13', '69'])
      loopback ??= (await sys.centres(code)).find((c) => c.booking_url.startsWith('http://127.0.0.1:'));
    for (const centre of centres.filter((c) => c.id !== HOSTILE_ID)) {
      expect(await page.locator(`li[data-id="${centre.id}"] a.book`).getAttribute('href')).toBe(
        new URL(centre.booking_url).href,
      );
    }
    // The hostile centre: its name is text, its script URL no link.
    const hostile = page.locator(`li[data-id="${HOSTILE_ID}"]`);
    expect(await hostile.locator('h3').textContent()).toBe(HOSTILE_NAME);
    expect(await hostile.locator('a').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(
      await page.evaluate(
        () => [...document.querySelectorAll('a')].filter((a) => !/^(https?|tel):/.test(a.href)).length,
      ),
    ).toBe(0);

    // Following a sandbox booking link (loopback http) opens the platform's page.
    const pageOf = loopback!.department === '75' ? page : (await open(`/?department=${loopback!.department}`)).page;
    const [popup] = await Promise.all([
      pageOf.waitForEvent('popup'),
      pageOf.locator(`li[data-id="${loopback!.id}"] a.book`).click(),
    ]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(new URL(loopback!.booking_url).href);
    const response = await popup.request.get(loopback!.booking_url);
    expect(response.status()).toBe(200);
    expect(errors).toEqual([]);
  });

  it('revalidates the list by ETag on its own and keeps the same list when nothing changed', async () => {
    const context = await browser.context();
    opened.push(context);
    const page = await context.newPage();
    await page.clock.install({ time: now });
    await page.goto(`${sys.url}/?department=75`);
    await settled(page);
    const before = await shownIds(page);
    const revalidation = page.waitForRequest((request) => request.url().includes('/api/v1/departments/75/centers'));
    await page.clock.runFor(31_000);
    const request = await revalidation;
    const response = await request.response();
    // The browser revalidates with If-None-Match; the server's 304 reaches the page as its cached 200.
    expect((await request.allHeaders())['if-none-match']).toMatch(/^"[\w-]+"$/);
    expect([200, 304]).toContain(response!.status());
    expect(await shownIds(page)).toEqual(before);
  });

  it('fits a 360 px phone, passes axe-core without serious violations, and weighs under 60 KB gzip', async () => {
    const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
    const code = await busyDepartment();
    const context = await browser.context(phone);
    opened.push(context);
    const page = await context.newPage();
    const loaded: string[] = [];
    page.on('response', (response) => loaded.push(response.url()));
    await page.clock.setFixedTime(now);
    await page.goto(`${sys.url}/?department=${code}`);
    await settled(page);
    // First load: every response up to the list shown, before any typing (the commune index comes later).
    const firstLoad = [...loaded];
    expect(await documentWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'public-department-phone');
    await page.fill('#place', 'Mar');
    await page.locator('#suggestions li').first().waitFor();
    expect(await documentWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'public-suggestions-phone', false);
    await page.fill('#place', '');
    await page.keyboard.press('Escape');

    const phoneViolations = await axe(page);
    const desktop = await open(`/?department=${code}`);
    const desktopViolations = await axe(desktop.page);
    console.info(`axe / phone: ${JSON.stringify(phoneViolations)}; desktop: ${JSON.stringify(desktopViolations)}`);
    expect(serious(phoneViolations)).toEqual([]);
    expect(serious(desktopViolations)).toEqual([]);

    expect(firstLoad.some((url) => url.includes('/communes'))).toBe(false);
    let gzipBytes = 0;
    for (const url of firstLoad) gzipBytes += await gzipSize(url);
    console.info(
      `first load of /: ${firstLoad.length} requests, ${gzipBytes} bytes ` +
        `gzip: ${firstLoad.map((url) => new URL(url).pathname).join(' ')}`,
    );
    expect(gzipBytes).toBeLessThan(FIRST_LOAD_BUDGET);
  });
});

/** The compressed size of an answer as sent on the wire (node's fetch would decompress it). */
async function gzipSize(url: string): Promise<number> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        if (response.headers['content-encoding'] === 'gzip') gunzipSync(body); // a real gzip stream
        resolve(body.length);
      });
    })
      .on('error', reject)
      .end();
  });
}
