// Alert latency in the multi-process shape (`start`: sandbox, writer, N API processes): departments are shown
// fully booked by the sandbox, then opened one at a time; the time from the opening to the SSE event (streams
// spread over the API processes) and to the signed webhook is measured. Each stream and each subscription must
// hear each opening exactly once. Scans are started by the admin route right after each opening (TRIGGER=admin,
// the default: the pipeline's own latency) or left to the schedule (TRIGGER=cron, SCAN_CRON every 10 s: the
// wait for the next scan added).
//   npx tsx bench/alerts.ts            TRIALS=20 API_PROCESSES=2 TRIGGER=admin
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { verifySignature } from '../src/aggregator/alerts/signing.js';
import { announced, spawnCli, until } from '../tests/support/cli-process.js';
import { openStream, type SseReader } from '../tests/support/alerts.js';
import { percentile } from './support.js';

const TRIALS = Number(process.env.TRIALS ?? 20);
const API_PROCESSES = process.env.API_PROCESSES ?? '2';
const TRIGGER = process.env.TRIGGER === 'cron' ? 'cron' : 'admin';
const TOKEN = 'bench-admin-token-0123456789';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slots-alerts-bench-'));
const child = spawnCli('node', ['start'], {
  MODE: 'sandbox',
  PORT: '0',
  DATABASE_PATH: path.join(dir, 'slots.sqlite'),
  LOG_LEVEL: 'info',
  PLATFORMS: 'doctolib',
  SANDBOX_CENTRES_PER_DEPARTMENT: '2',
  API_PROCESSES,
  ADMIN_TOKEN: TOKEN,
  RATE_LIMIT_PER_MINUTE: '0',
  DISCOVERY_CRON: '0 0 1 1 *',
  SCAN_CRON: TRIGGER === 'cron' ? '*/10 * * * * *' : '0 0 1 1 *',
  ...(process.env.ALERTS_HOLD_MS ? { ALERTS_HOLD_MS: process.env.ALERTS_HOLD_MS } : {}),
  ALERTS_ALLOW_PRIVATE_TARGETS: 'true',
  ALERTS_SUBSCRIPTIONS_PER_CLIENT: '1000',
  ALERTS_STREAMS_PER_CLIENT: '1000',
});
const stop = async () => {
  child.kill('SIGTERM');
  await child.exited;
};

try {
  await until(
    () => announced(child.output()) !== null && child.output().includes('"truth"'),
    300_000,
    'the system to start',
  );
  const running = announced(child.output())!;
  const control = new URL(/"truth":"([^"]+)"/.exec(child.output())![1]!).origin;
  const admin = running.admin!;
  const authorization = { authorization: `Bearer ${TOKEN}` };
  const adminRunning = async () =>
    (
      (await (await fetch(`${admin}/api/v1/admin/platforms`, { headers: authorization })).json()) as {
        platforms: Array<{ running: boolean }>;
      }
    ).platforms.some((p) => p.running);

  // The departments whose world has slots now; every one of them closed before the first discovery ends.
  const truth = (await (await fetch(`${control}/__sandbox/truth`)).json()) as {
    centres: Array<{ department: string; slots: string[] }>;
  };
  const withSlots = [
    ...new Set(truth.centres.filter((centre) => centre.slots.length > 0).map((centre) => centre.department)),
  ];
  const departments = withSlots.slice(0, TRIALS);
  for (const department of departments) await fetch(`${control}/__sandbox/closed/${department}`, { method: 'PUT' });
  // The first cycle started with the system; one more after the closing, so that no closed department has slots.
  while (await adminRunning()) await new Promise((resolve) => setTimeout(resolve, 200));
  await fetch(`${admin}/api/v1/admin/scan?platform=doctolib`, { method: 'POST', headers: authorization });
  await new Promise((resolve) => setTimeout(resolve, 300));
  while (await adminRunning()) await new Promise((resolve) => setTimeout(resolve, 200));

  // A webhook receiver, one subscription and one stream per department.
  const hooks: Array<{ at: number; department: string; subscription: string; valid: boolean }> = [];
  const secrets = new Map<string, string>();
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const at = Date.now();
      const parsed = JSON.parse(body) as { department: string; subscription: string };
      const valid = verifySignature(
        secrets.get(parsed.subscription) ?? '',
        request.headers['x-alert-signature'] as string,
        body,
        Math.floor(Date.now() / 1000),
      ).valid;
      hooks.push({ at, department: parsed.department, subscription: parsed.subscription, valid });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const streams = new Map<string, SseReader>();
  for (const department of departments) {
    const created = (await (
      await fetch(`${running.api}/api/v1/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: hookUrl, department }),
      })
    ).json()) as { id: string; secret: string };
    secrets.set(created.id, created.secret);
    const stream = await openStream(`${running.api}/api/v1/alerts/stream?department=${department}`);
    await stream.next('ready');
    streams.set(department, stream);
  }
  // The writer reads new subscriptions every second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  const sse: number[] = [];
  const webhook: number[] = [];
  // From the first slot of the department written to the change log (the writer's wall clock, this machine's):
  // the alert path alone, without the wait for the scan to reach the department's centres.
  const sseAfterWrite: number[] = [];
  const webhookAfterWrite: number[] = [];
  const db = new Database(path.join(dir, 'slots.sqlite'), { readonly: true });
  const firstWrite = db.prepare(
    "SELECT min(at) AS at FROM change_log WHERE department = ? AND kind = 'slot-appeared' AND at >= ?",
  );
  for (const department of departments) {
    const opened = Date.now();
    await fetch(`${control}/__sandbox/closed/${department}`, { method: 'DELETE' });
    if (TRIGGER === 'admin') {
      while (await adminRunning()) await new Promise((resolve) => setTimeout(resolve, 20));
      await fetch(`${admin}/api/v1/admin/scan?platform=doctolib`, { method: 'POST', headers: authorization });
    }
    const stream = streams.get(department)!;
    const event = stream.next('slots-available', 120_000).then(() => Date.now());
    await until(() => hooks.some((hook) => hook.department === department), 120_000, `the webhook of ${department}`);
    const eventAt = await event;
    const hookAt = hooks.find((hook) => hook.department === department)!.at;
    const written = (firstWrite.get(department, opened) as { at: number | null }).at ?? opened;
    sse.push(eventAt - opened);
    webhook.push(hookAt - opened);
    sseAfterWrite.push(eventAt - written);
    webhookAfterWrite.push(hookAt - written);
    process.stdout.write(
      `${department}: written +${written - opened} ms, sse +${eventAt - opened} ms, webhook +${hookAt - opened} ms\n`,
    );
  }
  // Late duplicates would show up now.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const events = [...streams.values()].map(
    (stream) => stream.events.filter((event) => event.event === 'slots-available').length,
  );
  const bySubscription = new Map<string, number>();
  for (const hook of hooks) bySubscription.set(hook.subscription, (bySubscription.get(hook.subscription) ?? 0) + 1);
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const row = (name: string, values: number[]) =>
    `| ${name} | ${values.length} | ` +
    `${percentile(sorted(values), 50).toFixed(0)} | ` +
    `${percentile(sorted(values), 95).toFixed(0)} | ` +
    `${Math.max(...values).toFixed(0)} |`;
  console.log(
    `\nalerts latency, ${TRIGGER} trigger, ${API_PROCESSES} API processes, ` +
      `doctolib only, ${departments.length} departments`,
  );
  console.log('| path | trials | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|');
  console.log(row('sandbox opening -> SSE event', sse));
  console.log(row('sandbox opening -> webhook received', webhook));
  console.log(row('first slot written -> SSE event', sseAfterWrite));
  console.log(row('first slot written -> webhook received', webhookAfterWrite));
  console.log(
    `SSE events per stream: ${JSON.stringify([...new Set(events)])} (each ` +
      `must be [1]); webhooks per subscription: ` +
      `${JSON.stringify([...new Set(bySubscription.values())])}; signatures ` +
      `valid: ${hooks.every((hook) => hook.valid)}`,
  );
  console.log(`debounce hold: ${process.env.ALERTS_HOLD_MS ?? 2000} ms (included above)`);
  for (const stream of streams.values()) stream.close();
  db.close();
  receiver.close();
  receiver.closeAllConnections();
} catch (error) {
  console.error(child.output().slice(-3_000));
  throw error;
} finally {
  await stop();
}
