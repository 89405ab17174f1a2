// The log stream: JSON lines for programs, readable lines for a terminal, and node-cron's own lines inside it.
import { Writable } from 'node:stream';
import { createTask } from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type LogOutput } from '../../src/logger.js';
import { routeCronLogs } from '../../src/runtime/cron-logs.js';

function capture(isTTY: boolean): { output: LogOutput; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY });
  return { output: stream as unknown as LogOutput, text: () => text };
}

afterEach(() => vi.restoreAllMocks());

describe('createLogger', () => {
  it('writes one JSON object per line when the output is not a terminal', async () => {
    const { output, text } = capture(false);
    const log = createLogger('info', output);
    log.info({ api: 'http://127.0.0.1:8080' }, 'slot aggregator running');
    log.debug('below the level');
    log.warn({ platform: 'doctolib' }, 'circuit breaker open');
    await new Promise((resolve) => setImmediate(resolve));
    const lines = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 30, msg: 'slot aggregator running' },
      { level: 40, msg: 'circuit breaker open' },
    ]);
    expect(lines[0]!.api).toBe('http://127.0.0.1:8080');
    expect(lines[1]!.platform).toBe('doctolib');
  });

  it('writes readable lines, level and message first, when the output is a terminal', () => {
    const { output, text } = capture(true);
    createLogger('info', output).info({ api: 'http://127.0.0.1:8080' }, 'slot aggregator running');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape that starts a terminal colour
    const line = text().replace(/\u001b\[[0-9;]*m/g, '');
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: slot aggregator running \{"api":"http:\/\/127\.0\.0\.1:8080"\}\n$/);
    expect(() => JSON.parse(line)).toThrow();
  });
});

describe('routeCronLogs', () => {
  it("sends node-cron's own lines into the log stream instead of the console", async () => {
    const { output, text } = capture(false);
    routeCronLogs(createLogger('info', output));
    const consoleError = vi.spyOn(console, 'error');
    const task = createTask('0 0 1 1 *', () => {
      throw new Error('boom');
    });
    await task.execute().catch(() => undefined);
    await task.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(consoleError).not.toHaveBeenCalled();
    const line = JSON.parse(text().trim().split('\n')[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 50, source: 'node-cron', msg: 'boom' });
  });
});
