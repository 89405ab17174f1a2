import { describe, expect, it } from 'vitest';
import { describeProgress } from '../../src/runtime/first-cycle-progress.js';

describe('describeProgress', () => {
  it('says where each platform of the first cycle stands', () => {
    const line = describeProgress(
      [
        { platform: 'doctolib', phase: 'discovering', requests: 412 },
        { platform: 'keldoc', phase: 'scanning', scanned: 40, total: 120 },
        { platform: 'maiia', phase: 'done' },
      ],
      14_600,
    );
    expect(line).toBe(
      'first cycle, 15 s: doctolib discovering centres (412 requests); keldoc scanning 40/120 centres; maiia done',
    );
  });

  it('never shows more centres scanned than the scan goes through (a retried centre is scanned twice)', () => {
    expect(describeProgress([{ platform: 'keldoc', phase: 'scanning', scanned: 130, total: 120 }], 0)).toBe(
      'first cycle, 0 s: keldoc scanning 120/120 centres',
    );
  });
});
