// Platforms that name things by UUID get stable ones: a v4-shaped UUID derived from names, never random.
import { randomFor } from '../random.js';

/** Two hex digits per byte value: a Valwin agenda names every slot by a UUID, so this runs per slot. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** The next draw as a whole 32-bit word, in 8 hex digits. */
function word(random: () => number): string {
  const value = Math.floor(random() * 0x1_0000_0000);
  return HEX[value >>> 24]! + HEX[(value >>> 16) & 0xff]! + HEX[(value >>> 8) & 0xff]! + HEX[value & 0xff]!;
}

export function stableUuid(...parts: ReadonlyArray<string | number>): string {
  const random = randomFor('uuid', ...parts);
  const [a, b, c, d] = [word(random), word(random), word(random), word(random)];
  // The variant digit: the third word's first digit with its two high bits set to 10.
  const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}
