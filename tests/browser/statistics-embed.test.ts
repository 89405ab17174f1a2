// The journalists' page and the embed in Debian's Chromium, and the headers that keep every page safe: the
// embed is framed and scripted from another loopback origin, as another site would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
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

interface Stats {
  national: { slots: number; centers_with_slots: number };
  departments: Array<{ code: string; figures: { slots: number } }>;
}

describe('the statistics page, the embed and the security headers', () => {
  let sys: PagesSystem;
  let browser: TestBrowser;
  let host: LocalServer;
  let now: number;

  beforeAll(async () => {
    [sys, browser] = await Promise.all([startPagesSystem(), launchBrowser()]);
    now = sys.env.clock.now().getTime();
    // Another site, on another loopback origin (another port): one page frames the embed, one uses embed.js,
    // one tries to frame the public page (which must refuse).
    host = await startLocalServer((app) => {
      app.get('/frame.html', (_request, response) => {
        response
          .type('html')
          .send(
            '<!doctype html><html lang="fr"><head><title>Hôte</title><link rel="icon" href="data:,"></head>' +
              '<body><h1>Un autre site</h1>\n' +
              `<iframe id="embed" src="${sys.url}/embed/75?vaccine=Pfizer-BioNTech" ` +
              'title="Créneaux de vaccination à Paris" width="320" height="600"></iframe></body></html>',
          );
      });
      app.get('/script.html', (_request, response) => {
        response
          .type('html')
          .send(
            '<!doctype html><html lang="fr"><head><title>Hôte</title><link rel="icon" href="data:,"></head>' +
              '<body><h1>Un autre site</h1>\n' +
              '<div id="slots" data-creneaux-departement="75" data-limit="50"></div>' +
              `<script src="${sys.url}/embed.js" async></script></body></html>`,
          );
      });
      app.get('/public-frame.html', (_request, response) => {
        response
          .type('html')
          .send(
            '<!doctype html><html lang="fr"><head><title>Hôte</title><link rel="icon" href="data:,"></head>' +
              `<body><iframe id="public" src="${sys.url}/" title="x"></iframe></body></html>`,
          );
      });
    });
  }, 240_000);
  afterAll(async () => {
    await host?.close();
    await browser?.close();
    await sys?.close();
  });

  async function open(url: string, width = 1280): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.context({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.clock.setFixedTime(now);
    await page.goto(url);
    return { page, errors };
  }

  const withSlots = (centres: readonly CentreSummary[]) =>
    centres.filter((centre) => centre.soonest_slot !== null && !centre.stale);
  const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');

  it('shows the figures, both charts, the map and working CSV links on /statistiques', async () => {
    const stats = await sys.json<Stats>('/api/v1/stats');
    const { page, errors } = await open(`${sys.url}/statistiques`);
    await page.waitForSelector('#figures [data-figure="slots"]');
    expect(digits(await page.locator('#figures [data-figure="slots"] dd').textContent())).toBe(
      String(stats.national.slots),
    );
    expect(digits(await page.locator('#figures [data-figure="centers_with_slots"] dd').textContent())).toBe(
      String(stats.national.centers_with_slots),
    );
    // Two samples were recorded (after each cycle): each chart draws a line through them.
    await page.waitForSelector('#chart-slots svg path');
    await page.waitForSelector('#chart-centres svg path');
    expect(await page.getAttribute('#chart-slots svg', 'aria-label')).toMatch(
      /^Créneaux disponibles \(France\), \d+ points? du /,
    );
    expect(await page.locator('#departments tbody tr').count()).toBe(stats.departments.length);
    const map = page.locator('#map');
    await expect.poll(() => map.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    // One department, day by day: the figures, the charts and the CSV link follow.
    await page.selectOption('#scope', '75');
    await page.selectOption('#granularity', 'day');
    const paris = stats.departments.find((department) => department.code === '75')!;
    await expect
      .poll(() => page.locator('#figures [data-figure="slots"] dd').textContent().then(digits))
      .toBe(String(paris.figures.slots));
    await expect.poll(() => page.getAttribute('#chart-slots svg', 'aria-label')).toMatch(/\(Paris\)/);
    expect(new URL(page.url()).search).toBe('?department=75&granularity=day');
    const csvLinks = await page
      .locator('a[data-csv]')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(csvLinks).toContain(`${sys.url}/api/v1/stats/history.csv?granularity=day&department=75`);
    for (const href of csvLinks) {
      const response = await page.request.get(href);
      expect(response.status(), href).toBe(200);
      expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = (await response.text()).trim().split('\n');
      expect(header).toContain('slots');
      expect(rows.length, href).toBeGreaterThan(0);
    }
    await page.selectOption('#map-kind', 'map_creneaux_pop');
    await expect
      .poll(() => map.evaluate((image) => (image as HTMLImageElement).currentSrc))
      .toBe(`${sys.url}/vitemadose/map_creneaux_pop.svg`);
    await expect.poll(() => map.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, 'statistics-desktop');

    const violations = await axe(page);
    console.info(`axe /statistiques desktop: ${JSON.stringify(violations)}`);
    expect(serious(violations)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('serves both department maps as SVG with one tile per department', async () => {
    for (const name of ['map_creneaux', 'map_creneaux_pop']) {
      const response = await sys.env.get(`/vitemadose/${name}.svg`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      const svg = await response.text();
      expect(svg.match(/<g><title>/g)).toHaveLength(102);
      expect(svg).toContain('<title>75 Paris : ');
    }
    const stats = await sys.json<Stats>('/api/v1/stats');
    const svg = await (await sys.env.get('/vitemadose/map_creneaux.svg')).text();
    const paris = stats.departments.find((department) => department.code === '75')!.figures.slots;
    expect(svg).toContain(`<title>75 Paris : ${new Intl.NumberFormat('fr-FR').format(paris)} créneaux</title>`);
  });

  it('fits the statistics page in a 360 px phone without serious axe violations', async () => {
    const { page } = await open(`${sys.url}/statistiques`, 360);
    await page.waitForSelector('#chart-slots svg path');
    expect(await documentWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'statistics-phone');
    const violations = await axe(page);
    console.info(`axe /statistiques phone: ${JSON.stringify(violations)}`);
    expect(serious(violations)).toEqual([]);
  });

  it("draws /embed/75 inside another origin's iframe, with the frame's filters", async () => {
    const expected = withSlots(await sys.centres('75', 'vaccine=Pfizer-BioNTech')).slice(0, 10);
    const { page, errors } = await open(`${host.url}/frame.html`);
    const frame = page.frameLocator('#embed');
    await frame.locator('.creneaux-centre').first().waitFor();
    const shown = await frame
      .locator('.creneaux-centre')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.id));
    expect(shown).toEqual(expected.map((centre) => centre.id));
    const first = expected[0]!;
    expect(await frame.locator(`[data-id="${first.id}"] .creneaux-when`).textContent()).toContain(
      `${first.slot_count} créneau`,
    );
    expect(await frame.locator(`[data-id="${first.id}"] a.creneaux-book`).getAttribute('href')).toBe(
      new URL(first.booking_url).href,
    );
    await screenshot(page, 'embed-iframe');
    const embedPage = page.frames().find((f) => f.url().startsWith(`${sys.url}/embed/75`))!;
    expect(await embedPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(errors).toEqual([]);

    const direct = await open(`${sys.url}/embed/75`, 320);
    await direct.page.locator('.creneaux-centre').first().waitFor();
    const violations = await axe(direct.page);
    console.info(`axe /embed/75: ${JSON.stringify(violations)}`);
    expect(serious(violations)).toEqual([]);
  });

  it('refuses to be framed elsewhere than /embed/*', async () => {
    const { page } = await open(`${host.url}/public-frame.html`);
    await page.waitForTimeout(1_000);
    const framed = page.frames().find((frame) => frame !== page.mainFrame())!;
    // Blocked by frame-ancestors 'none': the frame holds Chromium's error page, never the public page.
    expect(framed.url()).not.toBe(`${sys.url}/`);
    expect(await framed.locator('#search').count()).toBe(0);
  });

  it("draws the list with /embed.js in another origin's page, as text, with safe links only", async () => {
    const expected = withSlots(await sys.centres('75'));
    const { page, errors } = await open(`${host.url}/script.html`);
    await page.locator('#slots .creneaux-centre').first().waitFor();
    const shown = await page
      .locator('#slots .creneaux-centre')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.id));
    expect(shown).toEqual(expected.map((centre) => centre.id));
    const hostile = page.locator(`#slots [data-id="${HOSTILE_ID}"]`);
    expect(await hostile.locator('.creneaux-name').textContent()).toBe(HOSTILE_NAME);
    // the <strong>, no <img>
    expect(await hostile.locator('.creneaux-name').evaluate((element) => element.childElementCount)).toBe(1);
    expect(await hostile.locator('a').count()).toBe(0);
    expect(await page.locator('#slots img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const hrefs = await page
      .locator('#slots a')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(hrefs.every((href) => href.startsWith('https:') || href.startsWith('http://127.0.0.1:'))).toBe(true);
    await screenshot(page, 'embed-script');
    expect(errors).toEqual([]);
  });

  it(
    'sends CSP, nosniff and Referrer-Policy, allows framing only of ' +
      '/embed/*, and keeps embed.js and the API CORS-open',
    async () => {
      for (const path of ['/', '/statistiques', '/embed/75', '/app.js', '/api/v1/departments']) {
        const response = await sys.env.get(path);
        expect(response.status, path).toBe(200);
        const csp = response.headers.get('content-security-policy')!;
        expect(csp, path).toContain("script-src 'self'");
        expect(csp, path).toContain(path.startsWith('/embed/') ? 'frame-ancestors *' : "frame-ancestors 'none'");
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      }
      for (const path of ['/embed.js', '/api/v1/departments/75/centers']) {
        expect((await sys.env.get(path, { Origin: host.url })).headers.get('access-control-allow-origin'), path).toBe(
          '*',
        );
      }
      expect((await sys.env.get('/embed/99')).status).toBe(404);
      // No inline script anywhere: the CSP would block it, so it must not exist.
      for (const path of ['/', '/statistiques', '/embed/75']) {
        const html = await (await sys.env.get(path)).text();
        expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), path).toBeNull();
        expect(html, path).not.toMatch(/\sstyle=|\son[a-z]+=/);
      }
    },
  );
});
