// node-cron writes its own coloured lines to the console (a missed tick when the event loop was busy, a task
// that threw): sent into the process's log stream instead, as structured lines like every other.
import { setLogger } from 'node-cron';
import type { Logger } from '../logger.js';

export function routeCronLogs(log: Logger): void {
  const cron = log.child({ source: 'node-cron' });
  const detail = (error: unknown) => (error instanceof Error ? { err: error.message } : {});
  setLogger({
    info: (message) => cron.info(message),
    warn: (message) => cron.warn(message),
    error: (message, error) =>
      cron.error(
        { ...detail(message), ...detail(error) },
        String(message instanceof Error ? message.message : message),
      ),
    debug: (message, error) =>
      cron.debug({ ...detail(error) }, String(message instanceof Error ? message.message : message)),
  });
}
