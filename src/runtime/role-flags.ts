// V8's heap settings per role of `start`. By default V8 sizes a heap for a machine's whole memory: a young
// generation of 3 x 16 MiB semi-spaces, and an old generation allowed to grow to 4 x its live set after each
// full collection (the factor V8 uses when the limit is 2 GiB or more). The writer's live heap is ~100 MiB at
// national scale and an API process's ~60 MiB, so their heaps peaked at 380 and 110 MiB of mostly garbage.
// - A 4 MiB semi-space bounds the young generation to 12 MiB; what the roles allocate per request or per scan
//   is short-lived and far smaller.
// - A limit of 768 MiB on the old generation brings V8's growth factor down to 1.5 (V8 scales it linearly from
//   1.3 at 256 MiB to 4 at 2 GiB), so a heap grows to ~1.5 x its live set before collecting. The limit itself is
//   a safety margin, not a target: about 7 times the writer's live set at 11,000 centres and still 3 times at
//   the 27,000 of the sandbox's largest world, where a process must slow down, not die.
// - glibc's malloc holds the buffers (prepared answers, HTTP bodies): by default, once a large block is freed it
//   raises its mmap threshold up to 32 MiB, after which every 100-500 KiB answer is carved from the main heap,
//   which fragments and is never given back. A fixed threshold keeps such blocks in their own mappings,
//   returned to the system when freed (in a churn of answer-sized buffers: 171 -> 120 MiB resident after GC).
import type { Role } from './messages.js';

export const ROLE_HEAP_FLAGS: Readonly<Record<Role, readonly string[]>> = {
  writer: ['--max-semi-space-size=4', '--max-old-space-size=768'],
  api: ['--max-semi-space-size=4', '--max-old-space-size=768'],
  // The sandbox stands for the platforms and is measured apart: left as node sets it.
  sandbox: [],
};

const HEAP_FLAG = /^--max-(semi|old)-space-size(=|$)/;
const HEAP_FLAG_ALONE = /^--max-(semi|old)-space-size$/;

/**
 * The node flags a role's process starts with: the supervisor's own (e.g. --enable-source-maps), its heap
 * flags replaced by the role's when `tuned`; as they are otherwise.
 */
export function roleExecArgv(role: Role, own: readonly string[], tuned: boolean): string[] {
  if (!tuned || ROLE_HEAP_FLAGS[role].length === 0) return [...own];
  // A flag given as two words (`--max-old-space-size 4096`) goes with its value.
  const kept = own.filter((flag, i) => !HEAP_FLAG.test(flag) && !(i > 0 && HEAP_FLAG_ALONE.test(own[i - 1]!)));
  return [...kept, ...ROLE_HEAP_FLAGS[role]];
}

/** glibc's malloc settings for a role's process (read by glibc at start, ignored elsewhere); yours win. */
export function roleEnv(role: Role, env: NodeJS.ProcessEnv, tuned: boolean): Record<string, string> {
  if (!tuned || role === 'sandbox' || env.MALLOC_MMAP_THRESHOLD_ !== undefined) return {};
  return { MALLOC_MMAP_THRESHOLD_: String(128 * 1024) };
}
