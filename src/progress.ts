// A one-line progress bar for long command-line work; silent when the output is not a terminal, so logs
// and pipes stay clean.
export interface ProgressBar {
  update(done: number, total: number): void;
  done(): void;
}

const WIDTH = 30;

export function progressBar(stream: NodeJS.WriteStream, label: string): ProgressBar {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = -1;
  return {
    update(done, total) {
      const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
      if (filled === last && done !== total) return;
      last = filled;
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total}`);
    },
    done() {
      stream.write('\n');
    },
  };
}
