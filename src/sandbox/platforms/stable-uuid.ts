// Platforms that name things by UUID get stable ones: a v4-shaped UUID derived from names, never random.
import { randomFor } from '../random.js';

export function stableUuid(...parts: ReadonlyArray<string | number>): string {
  const random = randomFor('uuid', ...parts);
  const hex = Array.from({ length: 4 }, () =>
    Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return (
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-` +
    `${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  );
}
