import { describe, expect, it } from 'vitest';
import { mapConcurrently, mergeConcurrently } from '../../src/scrapers/concurrent.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mergeConcurrently', () => {
  it('yields every item of every source, never running more sources than asked', async () => {
    let running = 0;
    let most = 0;
    const sources = Array.from(
      { length: 10 },
      (_, source) =>
        async function* () {
          running += 1;
          most = Math.max(most, running);
          for (let item = 0; item < 3; item += 1) {
            await tick();
            yield `${source}.${item}`;
          }
          running -= 1;
        },
    );
    const items: string[] = [];
    for await (const item of mergeConcurrently(sources, 3)) items.push(item);
    expect(items.sort()).toEqual(
      Array.from({ length: 10 }, (_, s) => [0, 1, 2].map((i) => `${s}.${i}`))
        .flat()
        .sort(),
    );
    expect(most).toBe(3);
  });

  it('fails when a source fails, and starts no source after an early stop', async () => {
    const failing = [
      async function* () {
        yield 1;
      },
      async function* (): AsyncGenerator<number> {
        yield* [];
        await tick();
        throw new Error('down');
      },
    ];
    await expect(
      (async () => {
        for await (const _ of mergeConcurrently(failing, 2)) void _;
      })(),
    ).rejects.toThrow('down');
    let started = 0;
    const many = Array.from(
      { length: 20 },
      () =>
        async function* () {
          started += 1;
          await tick();
          yield 1;
        },
    );
    for await (const _ of mergeConcurrently(many, 2)) break;
    await tick();
    await tick();
    expect(started).toBeLessThanOrEqual(4);
  });
});

describe('mapConcurrently', () => {
  it('keeps the order of the items', async () => {
    const out: number[] = [];
    for await (const value of mapConcurrently([5, 1, 4, 2, 3], 2, async (n) => {
      for (let i = 0; i < n; i += 1) await tick();
      return n * 10;
    }))
      out.push(value);
    expect(out).toEqual([50, 10, 40, 20, 30]);
  });
});
