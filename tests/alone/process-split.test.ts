// `start` as separate processes: the sandbox, one writer and the API processes (node:cluster). An API process
// killed with SIGKILL is replaced; a writer killed with SIGKILL leaves the API processes serving and is
// restarted; killing only the top process (the supervisor, or npm above it) leaves no process behind.
import { describe, expect, it } from 'vitest';
import { buildIfStale } from '../support/build.js';
import { alive, announced, childrenOf, spawnCli, until, type Announced } from '../support/cli-process.js';
import { temporaryDatabasePath } from '../support/system.js';

const TOKEN = 'process-split-test-token';

function env(): Record<string, string> {
  return {
    MODE: 'sandbox',
    PORT: '0',
    DATABASE_PATH: temporaryDatabasePath(),
    LOG_LEVEL: 'info',
    PLATFORMS: 'doctolib',
    SANDBOX_CENTRES_PER_DEPARTMENT: '2',
    API_PROCESSES: '2',
    ADMIN_TOKEN: TOKEN,
    RATE_LIMIT_PER_MINUTE: '0',
  };
}

async function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  return (await fetch(url, { headers })).status;
}

function everyPid(running: Announced): number[] {
  return [running.pids.sandbox!, running.pids.writer, ...running.pids.api];
}

describe('the processes of start', () => {
  it('replaces a killed API process, keeps serving through a killed writer, ' +
    'and leaves no orphan when the top process is killed', {
    timeout: 180_000,
  }, async () => {
    const child = spawnCli('node', ['start'], env());
    try {
      await until(() => announced(child.output()) !== null, 90_000, 'the system to start');
      const running = announced(child.output())!;
      expect(running.pids.api).toHaveLength(2);
      expect(running.pids.sandbox).not.toBeNull();
      const department = `${running.api}/api/v1/departments/75/centers`;
      expect(await status(department)).toBe(200);
      // The admin routes are served by the writer, on its own port.
      expect(await status(`${running.admin}/api/v1/admin/platforms`, { authorization: `Bearer ${TOKEN}` })).toBe(200);
      expect(await status(`${running.api}/api/v1/admin/platforms`, { authorization: `Bearer ${TOKEN}` })).toBe(404);

      // An API process dies: another takes its place.
      const [victim] = running.pids.api;
      process.kill(victim!, 'SIGKILL');
      await until(
        () => {
          const apis = childrenOf(running.pids.supervisor, '__api');
          return apis.length === 2 && !apis.includes(victim!);
        },
        60_000,
        'a replacement API process',
      );
      await until(() => /an API process exited; replacing it/.test(child.output()), 5_000);
      expect(await status(department)).toBe(200);

      // The writer dies: every read still answers, and the writer comes back.
      process.kill(running.pids.writer, 'SIGKILL');
      const statuses = [];
      for (let i = 0; i < 20; i += 1) statuses.push(await status(department));
      expect(new Set(statuses)).toEqual(new Set([200]));
      await until(() => /"msg":"writer restarted"/.test(child.output()), 60_000, 'the writer to restart');
      const writers = childrenOf(running.pids.supervisor, '__writer');
      expect(writers).toHaveLength(1);
      expect(writers[0]).not.toBe(running.pids.writer);

      // Only the top process is killed: every child notices and stops.
      const children = [...childrenOf(running.pids.supervisor, 'cli.ts')];
      expect(children.length).toBeGreaterThanOrEqual(4);
      child.kill('SIGKILL');
      await until(() => children.every((pid) => !alive(pid)), 20_000, `the children ${children.join(', ')} to stop`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('stops every process when SIGTERM reaches only npm', { timeout: 240_000 }, async () => {
    // `npm start` runs the compiled build.
    buildIfStale();
    const npm = spawnCli('npm', [], env());
    try {
      await until(() => announced(npm.output()) !== null, 90_000, 'the system to start');
      const running = announced(npm.output())!;
      const pids = [running.pids.supervisor, ...everyPid(running)];
      expect(pids.every(alive)).toBe(true);
      process.kill(npm.pid, 'SIGTERM');
      await until(() => pids.every((pid) => !alive(pid)), 30_000, `the processes ${pids.join(', ')} to stop`);
    } finally {
      npm.kill('SIGKILL');
    }
  });
});
