// Docs that run: every example URL of README.md and docs/api.md is requested from the system scraping the
// sandbox (the default world, as `npm start` builds it, on the day the examples were written) and must answer
// with data. An example that stops working fails here, not in a reader's terminal.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementedPlatforms } from '../../src/scrapers/registry.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const TOKEN = 'docs-run-test-token-0123456789';
const DOCUMENTS = ['README.md', 'docs/api.md'];

interface Example {
  readonly source: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** Paths the examples may start with: the API, the open-data files and the pages. */
const EXAMPLE_PATH =
  /(?:https?:\/\/127\.0\.0\.1:8080)?(\/(?:api\/|vitemadose\/|healthz|statistiques|embed|communes|\?)[^\s`'"<>|)]*)/;

/**
 * The examples of a Markdown text: the links to the local server, the third column of the route table and
 * every `curl` line. Paths with a `{placeholder}` or an ellipsis are descriptions, not examples.
 */
function examplesOf(source: string, text: string): Example[] {
  const examples: Example[] = [];
  for (const [, path] of text.matchAll(/<http:\/\/127\.0\.0\.1:8080(\/[^>]*)>/g))
    examples.push({ source, method: 'GET', path: path!, headers: {} });
  for (const line of text.split('\n')) {
    const cells = line.startsWith('|') ? line.split(/(?<!\\)\|/).slice(1, -1) : [];
    const candidates = cells.length >= 3 ? cells[2]!.split(/ or |, /) : line.includes('curl ') ? [line] : [];
    for (const candidate of candidates) {
      const match = EXAMPLE_PATH.exec(candidate);
      if (!match || /[{}…]/.test(match[1]!)) continue;
      const headers: Record<string, string> = {};
      for (const [, name, value] of candidate.matchAll(/-H ['"]([^:'"]+): ([^'"]+)['"]/g))
        headers[name!.toLowerCase()] = value!.replace('$ADMIN_TOKEN', TOKEN);
      examples.push({ source, method: /-X POST/.test(candidate) ? 'POST' : 'GET', path: match[1]!, headers });
    }
  }
  return examples;
}

/** Data, not an empty shell: a list among the top-level fields has items, a centre has slots; a CSV has rows. */
function emptyParts(contentType: string, body: string): string[] {
  if (contentType.startsWith('text/csv')) return body.trim().split('\n').length > 1 ? [] : ['no CSV row'];
  // A stream's first event tells the filter and whether it has slots now.
  if (contentType.startsWith('text/event-stream'))
    return /^event: ready\ndata: \{.*"available":(true|false)/m.test(body) ? [] : ['no ready event'];
  if (!contentType.startsWith('application/json')) return body.trim().length > 0 ? [] : ['empty body'];
  const value = JSON.parse(body) as unknown;
  if (Array.isArray(value)) return value.length > 0 ? [] : ['empty list'];
  if (value === null || typeof value !== 'object') return ['not an object'];
  const entries = Object.entries(value);
  if (entries.length === 0) return ['empty object'];
  // A centre's answer always has its sources: its slots are the data.
  if ('slot_count' in value && value.slot_count === 0) return ['slot_count is 0'];
  const lists = entries.filter(([, item]) => Array.isArray(item)) as Array<[string, unknown[]]>;
  return lists.length === 0 || lists.some(([, list]) => list.length > 0)
    ? []
    : [`${lists.map(([name]) => name).join(', ')} empty`];
}

/** The whole body; of an event stream (which never ends), its first event. */
async function bodyOf(response: Response, stop: AbortController): Promise<string> {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return response.text();
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    if (text.includes('\n\n')) break;
  }
  stop.abort();
  return text;
}

describe('the examples of the docs', () => {
  let env: TestSystem;
  const examples = DOCUMENTS.flatMap((file) => examplesOf(file, fs.readFileSync(file, 'utf8')));

  beforeAll(async () => {
    // The default world, as `npm start` builds it, so that the centre ids of the examples are real ones.
    env = await startTestSystem(implementedPlatforms(), {}, { ADMIN_TOKEN: TOKEN });
    await Promise.all(implementedPlatforms().map((platform) => env.system.scheduler.runCycle(platform, true)));
    env.system.readModel.settle();
    env.system.statsRecorder.record();
  }, 240_000);
  afterAll(async () => {
    await env.close();
  });

  it('finds the examples', () => {
    const paths = examples.map((example) => example.path);
    expect(paths).toContain(
      '/api/v1/slots?lat=48.85&lon=2.35&radius_km=10&vaccine=Moderna&dose=3&from=2026-03-02T14:00&limit=20',
    );
    expect(paths.some((path) => path.startsWith('/api/v1/centers/'))).toBe(true);
    expect(examples.filter((example) => example.method === 'POST').length).toBeGreaterThan(0);
    expect(paths).toContain('/api/v1/departments/75/centers');
    expect(examples.length).toBeGreaterThan(25);
  });

  it('answers every example with data', async () => {
    const failures: string[] = [];
    for (const example of examples) {
      const stop = new AbortController();
      const response = await fetch(`${env.system.apiUrl}${example.path}`, {
        method: example.method,
        headers: example.headers,
        signal: stop.signal,
      });
      const body = await bodyOf(response, stop);
      const expected = example.method === 'POST' && example.path.includes('/admin/scan') ? 202 : 200;
      const label = `${example.source}: ${example.method} ${example.path}`;
      if (response.status !== expected) failures.push(`${label} -> ${response.status} ${body.slice(0, 120)}`);
      else
        failures.push(
          ...emptyParts(response.headers.get('content-type') ?? '', body).map((problem) => `${label}: ${problem}`),
        );
    }
    expect(failures).toEqual([]);
  });
});
