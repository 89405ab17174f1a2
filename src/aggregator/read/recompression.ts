// The good compressed forms of hot answers, made once they are quiet. A background rebuild makes a fast gzip and
// no brotli (a department churning through a scan cycle is rebuilt every half second, and its bytes would be
// thrown away before anyone gained from the better forms); once a set of answers has not changed for a while it
// is compressed again, one set at a time, on libuv's threads. Body and ETag never change.
import { recompressed, type PreparedAnswer } from './prepared.js';

/** Answers built together, and whether they carry their good compressed forms yet. */
export interface AnswerSet {
  answers: Map<string, PreparedAnswer>;
  polished: boolean;
}

/** A set due for recompression, and how to tell it is still the one served. */
export interface QuietSet {
  readonly set: AnswerSet;
  readonly current: () => boolean;
}

export class Recompressor {
  private running = false;

  constructor(
    /** The next set due (the caller knows what is quiet), or null. */
    private readonly nextQuiet: () => QuietSet | null,
    private readonly options: { readonly brotli: boolean; readonly onDone: () => void },
  ) {}

  get busy(): boolean {
    return this.running;
  }

  /** Compresses every set due, one after another; resolves with how many it finished (0 when already busy). */
  async run(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let done = 0;
    try {
      for (;;) {
        const next = this.nextQuiet();
        if (!next) return done;
        if (await this.recompress(next)) done += 1;
      }
    } finally {
      this.running = false;
    }
  }

  private async recompress({ set, current }: QuietSet): Promise<boolean> {
    for (const [key, answer] of [...set.answers]) {
      const better = await recompressed(answer, { brotli: this.options.brotli });
      // Rebuilt meanwhile: the new answers start over with their fast gzip.
      if (!current()) return false;
      if (set.answers.get(key) === answer) set.answers.set(key, better);
    }
    set.polished = true;
    this.options.onDone();
    return true;
  }
}
