// The one logger: JSON lines (pino) where a program reads the output (a pipe, a file, a log collector), and
// readable coloured lines where a person does (a terminal).
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { PrettyOptions } from 'pino-pretty';

export type { Logger };

/** Where the lines go: a terminal is told by `isTTY`. */
export type LogOutput = DestinationStream & { readonly isTTY?: boolean };

type PrettyFactory = (options: PrettyOptions) => DestinationStream;

export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  output: LogOutput = process.stdout,
): Logger {
  const options = { level, base: undefined };
  if (output.isTTY) return pino(options, prettyStream(output));
  // pino's own file-descriptor writer for stdout (what it does by default), the given stream otherwise.
  return output === process.stdout ? pino(options) : pino(options, output);
}

function prettyStream(output: LogOutput): DestinationStream {
  // Loaded only for a terminal: a process whose output is read by a program never pays for it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
  // Synchronous, in this thread: no worker thread per process, and nothing lost when a process exits at once.
  return pretty({
    destination: output,
    sync: true,
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
}

/** For tests and benchmarks: a logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
