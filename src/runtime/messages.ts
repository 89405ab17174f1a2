// What the processes of `start` tell each other over their IPC channels. Children only ever announce that
// they are ready (and where), or why they could not start. The supervisor stops them with SIGTERM, which reaches
// even a child still loading its code; a child also understands a `stop` message, for callers that prefer the
// channel.
import type { PlatformId } from '../domain.js';

export type Role = 'sandbox' | 'writer' | 'api';

/** The internal CLI command that runs each role in its own process. */
export const ROLE_COMMANDS: Readonly<Record<Role, string>> = { sandbox: '__sandbox', writer: '__writer', api: '__api' };

export type ReadyMessage =
  | {
      readonly type: 'ready';
      readonly role: 'sandbox';
      readonly baseUrls: Partial<Record<PlatformId, string>>;
      readonly controlUrl: string;
      readonly centres: number;
    }
  | { readonly type: 'ready'; readonly role: 'writer'; readonly adminUrl: string | null }
  | { readonly type: 'ready'; readonly role: 'api'; readonly url: string };

/** A child that cannot start says why before it exits, so the supervisor reports the cause, not an exit code. */
export interface FailedMessage {
  readonly type: 'failed';
  readonly role: Role;
  readonly message: string;
}

export interface StopMessage {
  readonly type: 'stop';
}

export function isReady(message: unknown, role: Role): message is ReadyMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'ready' &&
    (message as { role?: unknown }).role === role
  );
}

export function isStop(message: unknown): message is StopMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'stop';
}

export function isFailed(message: unknown): message is FailedMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'failed' &&
    typeof (message as { message?: unknown }).message === 'string'
  );
}
