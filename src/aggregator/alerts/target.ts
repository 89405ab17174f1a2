// Webhook targets are URLs strangers give us, so the server must not become their way into our own network:
// https only, and every address the name resolves to must be public. The check is made again at each delivery
// (the name may now resolve elsewhere) and the request is pinned to the address checked, so DNS cannot change
// between the check and the connection. Tests allow private targets (and plain http) by a setting.
import dns from 'node:dns';
import net from 'node:net';

export interface TargetPolicy {
  /** Loopback, private and link-local targets, and `http:`: for tests on one machine, never in production. */
  readonly allowPrivate: boolean;
  /** DNS lookup of every address of a name (dns.promises.lookup with `all: true` by default). */
  readonly lookup?: (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;
}

export interface CheckedTarget {
  readonly url: URL;
  /** The address the request must connect to: one that was checked. */
  readonly address: string;
  readonly family: 4 | 6;
}

export type TargetCheck =
  | { readonly ok: true; readonly target: CheckedTarget }
  | { readonly ok: false; readonly reason: string };

const BLOCKED = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, `::ffff:a00:1`) is judged as the IPv4 address it is. */
function embeddedIpv4(address: string): string | null {
  const match = /^::ffff:(?:0+:)?(.+)$/i.exec(address);
  if (!match) return null;
  const rest = match[1]!;
  if (net.isIPv4(rest)) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether an address is one a webhook may never reach: loopback, private, link-local, unspecified, CGNAT... */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = net.isIPv4(bare) ? bare : embeddedIpv4(bare);
  if (v4) return BLOCKED.check(v4, 'ipv4');
  if (net.isIPv6(bare)) return BLOCKED.check(bare, 'ipv6');
  return true;
}

const defaultLookup = (hostname: string) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Parses and checks a target URL, resolving its name; every resolved address must pass, not just one. */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  const schemes = policy.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return { ok: false, reason: 'must use https' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ReadonlyArray<{ address: string; family: number }>;
  if (net.isIP(hostname)) addresses = [{ address: hostname, family: net.isIP(hostname) }];
  else {
    try {
      addresses = await (policy.lookup ?? defaultLookup)(hostname);
    } catch {
      return { ok: false, reason: 'does not resolve' };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'does not resolve' };
  if (!policy.allowPrivate && addresses.some((entry) => isForbiddenAddress(entry.address))) {
    return { ok: false, reason: 'resolves to a loopback, private or link-local address' };
  }
  const first = addresses[0]!;
  return { ok: true, target: { url, address: first.address, family: first.family === 6 ? 6 : 4 } };
}
