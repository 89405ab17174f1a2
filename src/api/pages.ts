// The pages: `/` for the public, `/statistiques` for journalists, `/embed/{code}` and `/embed.js` for other
// sites, the commune index the search suggests from, and the two department maps of the Vitemadose
// statistics page. Static files are read and compressed once, at start, and revalidated by ETag.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import type { ReadModel, Snapshot } from '../aggregator/read/read-model.js';
import { statsNow } from '../aggregator/read/stats.js';
import { COMMUNES, findDepartment } from '../departments.js';
import { ApiError } from './errors.js';
import { chooseEncoding, noneMatchHits } from './negotiate.js';
import { writePrepared } from './respond.js';
import { DEPARTMENT_POPULATION, tileMapSvg } from './tile-map.js';
import { getOrInsert } from '../maps.js';
import { withoutAccents } from '../text.js';

interface Asset {
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

// Pages are revalidated on every load (a deploy shows at once); scripts and styles may be kept a little.
const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=300';
const COMMUNES_CACHE = 'public, max-age=86400';

function asset(body: Buffer, contentType: string, cacheControl: string): Asset {
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`,
    contentType,
    cacheControl,
  };
}

function sendAsset(request: Request, response: Response, file: Asset): void {
  response.setHeader('ETag', file.etag);
  response.setHeader('Cache-Control', file.cacheControl);
  response.setHeader('Vary', 'Accept-Encoding');
  response.setHeader('Content-Type', file.contentType);
  if (noneMatchHits(request.headers['if-none-match'], file.etag)) {
    response.status(304).end();
    return;
  }
  const gzip = chooseEncoding(request.headers['accept-encoding'], false) === 'gzip';
  if (gzip) response.setHeader('Content-Encoding', 'gzip');
  response.end(request.method === 'HEAD' ? undefined : gzip ? file.gzip : file.body);
}

/** Every file under `directory`, by URL path (`/app.js`, `/vendor/x.js`). */
function readAssets(directory: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const type = TYPES[path.extname(entry.name)];
        if (!type) continue;
        const urlPath = `/${path.relative(directory, full).split(path.sep).join('/')}`;
        assets.set(
          urlPath,
          asset(fs.readFileSync(full), type, type.startsWith('text/html') ? PAGE_CACHE : ASSET_CACHE),
        );
      }
    }
  };
  walk(directory);
  return assets;
}

type CommuneRow = [name: string, insee: string, department: string, postalCodes: string];

/**
 * The commune index: `[name, INSEE code, department, postal codes joined by spaces]`, most populous first so
 * the first suggestions are the likely ones. No coordinates: the package has none.
 */
function communeRows(): CommuneRow[] {
  return [...COMMUNES]
    .sort((a, b) => b.population - a.population)
    .map((commune) => [commune.name, commune.insee, commune.department, commune.postalCodes.join(' ')]);
}

export function communeIndex(): string {
  return JSON.stringify(communeRows());
}

/** Exactly as the search box folds what is typed (public/place-search.js): lower case, no accents... */
function fold(text: string): string {
  return withoutAccents(text)
    .replace(/[-'’]/g, ' ')
    .replace(/\bst\b/g, 'saint')
    .replace(/\s+/g, ' ')
    .trim();
}

/** ...and as it picks a piece: the folded name's first two characters, anything but a-z0-9 as `_`. */
export function nameShardKey(name: string): string {
  return fold(name)
    .replace(/[^a-z0-9]/g, '_')
    .slice(0, 2);
}

/** Shard keys: by the name's first two characters, and by each postal code's first two digits. */
export function communeShardKeys(row: CommuneRow): string[] {
  return [
    nameShardKey(row[0]),
    ...new Set(
      row[3]
        .split(' ')
        .filter(Boolean)
        .map((code) => code.slice(0, 2)),
    ),
  ];
}

/**
 * The index cut in pieces the search box fetches one at a time: "Mar…" needs only `ma.json`, "330…" only
 * `33.json` (at most a few tens of KB gzip each), where the whole index is about 460 KB.
 */
export function communeShards(): Map<string, string> {
  const shards = new Map<string, CommuneRow[]>();
  for (const row of communeRows()) {
    for (const key of communeShardKeys(row)) {
      const rows = getOrInsert(shards, key, () => []);
      rows.push(row);
    }
  }
  return new Map([...shards].map(([key, rows]) => [key, JSON.stringify(rows)]));
}

type MapKind = 'slots' | 'per-inhabitant';

/** Per 100,000 inhabitants, so small and large departments compare. */
const PER_INHABITANTS = 100_000;

export function departmentMap(snapshot: Snapshot, now: number, kind: MapKind): string {
  const stats = statsNow(snapshot, now);
  const values = new Map<string, number>();
  for (const department of stats.departments) {
    const population = DEPARTMENT_POPULATION.get(department.code) ?? 0;
    if (kind === 'slots') values.set(department.code, department.figures.slots);
    else if (population > 0)
      values.set(department.code, Math.round((department.figures.slots / population) * PER_INHABITANTS * 10) / 10);
  }
  const number = new Intl.NumberFormat('fr-FR');
  return kind === 'slots'
    ? tileMapSvg({
        title: 'Créneaux disponibles par département',
        values,
        format: (v) => `${number.format(v)} créneaux`,
        legend: 'moins → plus de créneaux',
      })
    : tileMapSvg({
        title: 'Créneaux disponibles pour 100 000 habitants',
        values,
        format: (v) => `${number.format(v)} créneaux pour 100 000 habitants`,
        legend: 'moins → plus pour 100 000 habitants',
      });
}

/** The routes of pages and their files: for people and browsers, not part of the OpenAPI-described API. */
export const PAGE_PATHS: readonly string[] = [
  '/',
  '/statistiques',
  '/embed/:code',
  '/communes.json',
  '/communes/:shard',
  '/*file',
];

export function pageRoutes(readModel: ReadModel): Router {
  const router = Router();
  const assets = readAssets(fileURLToPath(new URL('./public/', import.meta.url)));
  const page = (name: string) => {
    const file = assets.get(name);
    if (!file) throw new Error(`missing page ${name}`);
    return file;
  };
  const index = page('/index.html');
  const statistics = page('/statistiques.html');
  const embed = page('/embed.html');
  // Built on first use: most API processes never serve them.
  let communes: Asset | null = null;
  let shards: Map<string, Asset> | null = null;

  router.get('/', (request, response) => sendAsset(request, response, index));
  router.get('/statistiques', (request, response) => sendAsset(request, response, statistics));
  router.get('/embed/:code', (request, response) => {
    if (!findDepartment(request.params.code))
      throw new ApiError(404, 'unknown_department', `no department with code "${request.params.code}"`);
    sendAsset(request, response, embed);
  });
  router.get('/communes.json', (request, response) => {
    communes ??= asset(Buffer.from(communeIndex()), TYPES['.json']!, COMMUNES_CACHE);
    sendAsset(request, response, communes);
  });
  router.get('/communes/:shard', (request, response) => {
    shards ??= new Map(
      [...communeShards()].map(([key, body]) => [
        `${key}.json`,
        asset(Buffer.from(body), TYPES['.json']!, COMMUNES_CACHE),
      ]),
    );
    const shard = shards.get(request.params.shard);
    if (!shard) throw new ApiError(404, 'not_found', `no commune index ${request.params.shard}`);
    sendAsset(request, response, shard);
  });
  const map = (kind: MapKind) => (request: Request, response: Response) => {
    writePrepared(
      request,
      response,
      readModel.answer(`map:${kind}`, (snapshot, now) => ({
        body: departmentMap(snapshot, now, kind),
        contentType: 'image/svg+xml',
      })),
    );
  };
  router.get('/vitemadose/map_creneaux.svg', map('slots'));
  router.get('/vitemadose/map_creneaux_pop.svg', map('per-inhabitant'));
  router.get('/*file', (request, response, next) => {
    const file = assets.get(request.path);
    if (file && !request.path.endsWith('.html')) sendAsset(request, response, file);
    else next();
  });
  return router;
}
