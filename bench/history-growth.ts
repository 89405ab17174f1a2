// Growth of the slot history (issue 13): synthetic change-log rows for N centres over virtual days, written
// as the writer writes them (a centre-changed per scan, a slot-appeared or slot-gone per change), rolled up
// after every virtual hour as the scheduler does after each cycle, the raw log pruned to 24 hours. Prints
// the rows and bytes (dbstat) of each history table after each day, and what a day adds.
//   npx tsx bench/history-growth.ts [centres=10000] [days=2 (may be a fraction)] [scanMinutes=10] [openSlots=60]
//     [lifetimeHours=6]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changeLogWriter, packSlots } from '../src/aggregator/store/change-log.js';
import { DEFAULT_SLOT_HISTORY_RETENTION } from '../src/aggregator/store/slot-history.js';
import { Store } from '../src/aggregator/store/store.js';

const [centres = 10_000, days = 2, scanMinutes = 10, openSlots = 60, lifetimeHours = 6] = process.argv
  .slice(2)
  .map(Number);
const MIN = 60_000;
const HOUR = 60 * MIN;
const START = Date.parse('2030-01-07T23:00:00Z'); // 00:00 Paris
const TABLES = [
  'history_centre_hours',
  'history_centre_hours_by_time',
  'history_days',
  'history_open_slots',
  'change_log',
];

// A seeded generator (mulberry32): every run writes the same rows.
let seed = 2021;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

interface BenchSlot {
  startAt: number;
  vaccine: string;
  dosesKey: string;
  motive: string;
}
const VACCINES = ['Pfizer-BioNTech', 'Moderna', 'ARNm'];

function newSlot(now: number): BenchSlot {
  // Starts on the quarter hour over the next seven days, like an agenda.
  const startAt = Math.ceil((now + random() * 7 * 24 * HOUR) / (15 * MIN)) * 15 * MIN;
  const vaccine = VACCINES[Math.floor(random() * VACCINES.length)]!;
  return { startAt, vaccine, dosesKey: random() < 0.5 ? '1,2' : '3', motive: `${vaccine}-${Math.floor(random() * 3)}` };
}

function sizes(store: Store): Map<string, { rows: number; bytes: number }> {
  const db = store.connection;
  const bytes = new Map(
    (
      db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{
        name: string;
        bytes: number;
      }>
    ).map((row) => [row.name, row.bytes]),
  );
  const rows = (table: string) =>
    table.endsWith('_by_time')
      ? Number.NaN
      : (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return new Map(TABLES.map((table) => [table, { rows: rows(table), bytes: bytes.get(table) ?? 0 }]));
}

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'history-growth-')), 'slots.sqlite');
const store = new Store(file);
const db = store.connection;
const log = changeLogWriter(db);
const departments = Array.from({ length: 101 }, (_, i) => String(i + 1).padStart(2, '0'));
const open: BenchSlot[][] = Array.from({ length: centres }, () => []);
const takeProbability = scanMinutes / (lifetimeHours * 60);
let events = 0;
let rollUpMs = 0;
const snapshots: Array<ReturnType<typeof sizes>> = [];

console.log(
  `history growth: ${centres} centres, ${days} days, a scan every ` +
    `${scanMinutes} min, ~${openSlots} free slots each, mean free ` +
    `${lifetimeHours} h`,
);
const began = performance.now();
for (let now = START; now < START + days * 24 * HOUR; now += scanMinutes * MIN) {
  db.transaction(() => {
    for (let c = 0; c < centres; c += 1) {
      const id = `doctolib${c}`;
      const department = departments[c % departments.length]!;
      log.centre(now, id, department);
      const slots = open[c]!;
      const kept: BenchSlot[] = [];
      const gone: BenchSlot[] = [];
      for (const slot of slots) {
        // Gone: expired once started, else taken with the chance that gives the mean lifetime.
        if (slot.startAt <= now || random() < takeProbability) gone.push(slot);
        else kept.push(slot);
      }
      if (gone.length > 0) log.slots(now, 'slot-gone', id, department, packSlots(gone));
      events += gone.length;
      // New slots keep the agenda near its size (the very first scan opens a whole agenda).
      const wanted = now === START ? openSlots : Math.round(openSlots * takeProbability * 2 * random());
      const appeared = Array.from({ length: wanted }, () => newSlot(now));
      if (appeared.length > 0) log.slots(now, 'slot-appeared', id, department, packSlots(appeared));
      kept.push(...appeared);
      events += appeared.length;
      open[c] = kept;
    }
  })();
  if ((now - START + scanMinutes * MIN) % HOUR === 0) {
    const cpu = process.cpuUsage();
    store.rollUpHistory(DEFAULT_SLOT_HISTORY_RETENTION, now);
    const used = process.cpuUsage(cpu);
    rollUpMs += (used.user + used.system) / 1000;
    store.pruneChangeLog({ maxAgeMs: 24 * HOUR, maxRows: 1e9 }, now);
    const hour = (now - START + scanMinutes * MIN) / HOUR;
    if (hour % 3 === 0) {
      const hours = sizes(store).get('history_centre_hours')!;
      console.log(
        `  hour ${hour}: ${events.toLocaleString('en')} slot events, ` +
          `history_centre_hours ${hours.rows.toLocaleString('en')} rows ` +
          `${(hours.bytes / 1_048_576).toFixed(2)} MiB, roll-up CPU ` +
          `${Math.round(rollUpMs)} ms, ` +
          `${Math.round((performance.now() - began) / 1000)} s`,
      );
    }
  }
  if ((now - START + scanMinutes * MIN) % (24 * HOUR) === 0) {
    snapshots.push(sizes(store));
    console.log(
      `day ${snapshots.length}: ${events.toLocaleString('en')} slot events ` +
        `so far, roll-up ${Math.round(rollUpMs)} ms, ` +
        `${Math.round((performance.now() - began) / 1000)} s`,
    );
  }
}

// A run shorter than a day (days=0.25) still reports what it wrote.
if (snapshots.length === 0) snapshots.push(sizes(store));
const mib = (bytes: number) => (bytes / 1_048_576).toFixed(2);
console.log(
  '\n| table | rows after day 1 (or the run) | MiB | rows added by the last day | MiB added by the last day |',
);
console.log('|---|---:|---:|---:|---:|');
for (const table of TABLES) {
  const first = snapshots[0]!.get(table)!;
  const last = snapshots.at(-1)!.get(table)!;
  const previous = snapshots.at(-2) ?? new Map(TABLES.map((name) => [name, { rows: 0, bytes: 0 }]));
  const before = previous.get(table)!;
  const rows = Number.isNaN(first.rows) ? '—' : first.rows.toLocaleString('en');
  const added = Number.isNaN(last.rows) ? '—' : (last.rows - before.rows).toLocaleString('en');
  console.log(`| ${table} | ${rows} | ${mib(first.bytes)} | ${added} | ${mib(last.bytes - before.bytes)} |`);
}
console.log(
  `\nslot events per day: ` +
    `${Math.round(events / days).toLocaleString('en')}; roll-up CPU per ` +
    `day: ${Math.round(rollUpMs / days)} ms`,
);
store.close();
fs.rmSync(path.dirname(file), { recursive: true, force: true });
