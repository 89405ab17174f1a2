// The acceptor exchange under a real node:cluster (tests/support/acceptor-cluster.ts, a primary and one worker
// in their own processes): the worker gets its duplicates of the listening socket, serves through them, and
// closes them with its server. The wiring inside one process is in tests/e2e/acceptors.test.ts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('gives a cluster worker duplicates of its listening socket, and serves through them', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/support/acceptor-cluster.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
  // Its own handle and the four duplicates: five descriptors of one socket.
  expect(JSON.parse(output.trim())).toEqual({ acceptors: 4, sameSocket: 5, statuses: [200] });
});
