// The CLI as a real child process, for the tests of `start`'s processes: its output, its exit, the pids it
// announces, and whether a pid still runs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface CliChild {
  readonly pid: number;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** `command` is `node` (the CLI directly) or `npm` (`npm start`, as an operator types it). */
export function spawnCli(how: 'node' | 'npm', args: string[], env: Record<string, string>): CliChild {
  const [file, argv] =
    how === 'npm'
      ? ['npm', ['start', '--silent']]
      : [process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args]];
  const child = spawn(file, argv as string[], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    pid: child.pid!,
    output: () => output,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    kill: (signal) => child.kill(signal),
  };
}

export async function until(condition: () => boolean, timeoutMs: number, what = 'a condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Announced {
  readonly api: string;
  readonly admin: string | null;
  readonly pids: { supervisor: number; sandbox: number | null; writer: number; api: number[] };
}

/** The supervisor's "running" line, once it is out. */
export function announced(output: string): Announced | null {
  for (const line of output.split('\n')) {
    if (!line.includes('slot aggregator running')) continue;
    return JSON.parse(line) as Announced;
  }
  return null;
}

/** Running, and not a zombie waiting to be reaped. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The live children of `parent` whose command line contains `marker`. */
export function childrenOf(parent: number, marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== parent || fields[0] === 'Z') continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
