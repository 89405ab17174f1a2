// Webhook signatures: HMAC-SHA256 with the subscription's secret over `<timestamp>.<body>`, sent as
// `X-Alert-Signature: t=<unix seconds>,v1=<hex>`. The timestamp is inside the signed bytes, so a receiver
// that refuses old timestamps refuses replays of a captured delivery.
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'x-alert-signature';
/** How old a delivery's timestamp may be before a receiver should refuse it. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${signatureOf(secret, timestampSeconds, body)}`;
}

export type Verification =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: 'malformed' | 'stale' | 'mismatch' };

/** What a receiver does (and what the tests do): parse, check the age, compare in constant time. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): Verification {
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given))
    return { valid: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { valid: false, reason: 'stale' };
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return crypto.timingSafeEqual(expected, Buffer.from(given, 'hex'))
    ? { valid: true }
    : { valid: false, reason: 'mismatch' };
}
