// Outbound requests to addresses callers choose are a server-side request forgery risk: a webhook
// or health-check URL could point at the database, a cloud metadata service or anything else on
// the private network. Private, loopback, link-local and other special addresses are refused unless the
// WEBHOOK_ALLOWED_PRIVATE_HOSTS setting names the host or its network. The check runs on the
// address actually connected to (the lookup of every request), so DNS that changes its answer
// after the URL was accepted gains nothing.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { config } from '../config.js';

const SPECIAL = new BlockList();
for (const [net, prefix] of [
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
  SPECIAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  SPECIAL.addSubnet(net, prefix, 'ipv6');

function allowList(): BlockList & { hosts: Set<string> } {
  const list = Object.assign(new BlockList(), { hosts: new Set<string>() });
  for (const entry of config().WEBHOOK_ALLOWED_PRIVATE_HOSTS) {
    const [address, bits] = entry.split('/');
    const family = isIP(address ?? '');
    if (family && bits) list.addSubnet(address as string, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
    else if (family) list.addAddress(address as string, family === 6 ? 'ipv6' : 'ipv4');
    else list.hosts.add(entry.toLowerCase());
  }
  return list;
}

/** Why `address` (reached as `host`) may not be called, or null when it may. */
export function refusedAddress(host: string, address: string): string | null {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (!SPECIAL.check(address, family)) return null;
  const allowed = allowList();
  if (allowed.hosts.has(host.toLowerCase()) || allowed.check(address, family)) return null;
  return `${address} is a private, loopback or reserved address (WEBHOOK_ALLOWED_PRIVATE_HOSTS can allow it)`;
}

/** Why `url` cannot be called (a webhook endpoint, a health check), or null: http(s), no credentials, not a refused literal address. */
export function refusedUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be http or https';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return refusedAddress(host, host);
  if (host === 'localhost' || host.endsWith('.localhost')) return refusedAddress(host, '127.0.0.1');
  return null;
}

/** A `lookup` for http.request that refuses special addresses at connect time. */
export function guardedLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as LookupAddress[];
    const refused = list.map((a) => refusedAddress(hostname, a.address)).find((r) => r !== null);
    if (refused) return callback(Object.assign(new Error(refused), { code: 'EREFUSED_ADDRESS' }), '', 0);
    if (options.all) return callback(null, list);
    const first = list[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
}

/** A URL the server will call (a webhook endpoint, a health check), as zod input: refusedUrl's rules. */
export const outboundUrl = z
  .string()
  .trim()
  .max(2_000)
  .superRefine((value, ctx) => {
    const refused = refusedUrl(value);
    if (refused) ctx.addIssue({ code: 'custom', message: refused });
  });
