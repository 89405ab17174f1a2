import { describe, expect, it } from 'vitest';
import { memoryNow } from '../../src/runtime/memory-report.js';
import { ROLE_HEAP_FLAGS, roleEnv, roleExecArgv } from '../../src/runtime/role-flags.js';

describe('role heap flags', () => {
  it("replaces the supervisor's own heap flags with the role's and keeps its other flags", () => {
    const own = ['--enable-source-maps', '--max-old-space-size=4096', '--import', 'tsx', '--max-semi-space-size', '16'];
    expect(roleExecArgv('writer', own, true)).toEqual([
      '--enable-source-maps',
      '--import',
      'tsx',
      '--max-semi-space-size=4',
      '--max-old-space-size=768',
    ]);
    expect(roleExecArgv('api', ['--enable-source-maps'], true)).toEqual([
      '--enable-source-maps',
      ...ROLE_HEAP_FLAGS.api,
    ]);
  });

  it('leaves the flags as they are when switched off, and for the sandbox', () => {
    const own = ['--enable-source-maps', '--max-old-space-size=4096'];
    expect(roleExecArgv('writer', own, false)).toEqual(own);
    expect(roleExecArgv('sandbox', own, true)).toEqual(own);
  });

  it("fixes glibc's mmap threshold for the writer and the API processes, unless it is set already", () => {
    expect(roleEnv('writer', {}, true)).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(roleEnv('api', {}, true)).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(roleEnv('api', { MALLOC_MMAP_THRESHOLD_: '65536' }, true)).toEqual({});
    expect(roleEnv('sandbox', {}, true)).toEqual({});
    expect(roleEnv('writer', {}, false)).toEqual({});
  });

  it('keeps every limit far above the live sets it was sized on', () => {
    for (const role of ['writer', 'api'] as const) {
      const old = Number(/--max-old-space-size=(\d+)/.exec(ROLE_HEAP_FLAGS[role].join(' '))?.[1]);
      expect(old).toBeGreaterThanOrEqual(512);
    }
  });
});

describe('memory report', () => {
  it('gives the figures of process.memoryUsage in MiB, and the live heap only when a collection is asked', () => {
    const report = memoryNow(false);
    expect(report.rss).toBeGreaterThan(report.heapUsed);
    expect(report.heapTotal).toBeGreaterThanOrEqual(report.heapUsed);
    expect(report.liveHeap).toBeUndefined();
    const collected = memoryNow(true);
    // Without --expose-gc there is nothing to collect with: no made-up figure.
    if (typeof (globalThis as { gc?: unknown }).gc === 'function') expect(collected.liveHeap).toBeGreaterThan(0);
    else expect(collected.liveHeap).toBeUndefined();
  });
});
