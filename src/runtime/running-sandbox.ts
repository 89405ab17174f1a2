// Where the sandbox of a running `start` listens, in a small file beside the database. The sandbox listens on
// ports chosen at start, and discovery stores booking links on them: a one-off `scrape` beside the running
// system must scrape that same sandbox, or it rewrites every stored link to a sandbox of its own that is gone
// the moment it exits.
import fs from 'node:fs';
import { z } from 'zod';
import { PLATFORMS, type PlatformId } from '../domain.js';
import { probe } from '../scrapers/reachability.js';

export type SandboxUrls = Partial<Record<PlatformId, string>>;

const recordSchema = z.object({
  pid: z.number().int().positive(),
  baseUrls: z.partialRecord(z.enum(PLATFORMS), z.url({ protocol: /^https?$/ })),
});

const PROBE_TIMEOUT_MS = 1_000;

/** Null for a database that is not a file: nothing else can share it. */
export function runningSandboxFile(databasePath: string): string | null {
  return databasePath === ':memory:' || databasePath === '' ? null : `${databasePath}.sandbox.json`;
}

export function recordRunningSandbox(databasePath: string, pid: number, baseUrls: SandboxUrls): void {
  const file = runningSandboxFile(databasePath);
  if (file === null) return;
  // Written whole then renamed: a reader never sees half a file.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ pid, baseUrls }));
  fs.renameSync(`${file}.tmp`, file);
}

/** Removed only if it still names this sandbox (a second system on the same file may have replaced it). */
export function forgetRunningSandbox(databasePath: string, pid: number): void {
  const file = runningSandboxFile(databasePath);
  if (file === null || readRecord(file)?.pid !== pid) return;
  fs.rmSync(file, { force: true });
}

/** The URLs of the sandbox a running system scrapes, if its process lives and every URL accepts connections. */
export async function findRunningSandbox(databasePath: string): Promise<SandboxUrls | null> {
  const file = runningSandboxFile(databasePath);
  const record = file === null ? null : readRecord(file);
  if (record === null || !processAlive(record.pid)) return null;
  const urls = [...new Set(Object.values(record.baseUrls))];
  const reasons = await Promise.all(urls.map((url) => probe(url, PROBE_TIMEOUT_MS)));
  return urls.length > 0 && reasons.every((reason) => reason === null) ? record.baseUrls : null;
}

function readRecord(file: string): z.infer<typeof recordSchema> | null {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // absent or unreadable: no running sandbox to share
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
