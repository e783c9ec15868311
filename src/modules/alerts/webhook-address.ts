import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Ranges that are not the public internet (IANA special-purpose registries, IPv4 and IPv6). */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) {
    return { address: mapped[1], family: 'ipv4' };
  }
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isPublicAddress(address: string): boolean {
  const { address: plain, family } = unmapped(address);
  return isIP(plain) !== 0 && !NON_PUBLIC.check(plain, family);
}

/**
 * Where webhooks may go: public addresses, plus the hosts, addresses and CIDR ranges an operator allow-lists
 * (WEBHOOK_ALLOWED_HOSTS; tests allow loopback). Checked when an endpoint is registered and again at every
 * delivery, on the very address that is then connected to, so a DNS answer that changes between check
 * and connect cannot lead into an internal network.
 */
export class WebhookAddressPolicy {
  private readonly allowedHosts = new Set<string>();
  private readonly allowedAddresses = new BlockList();

  constructor(allowList: readonly string[]) {
    for (const entry of allowList.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
      const [network, prefix] = entry.split('/');
      const family = isIP(network ?? '');
      if (family !== 0 && network) {
        const type = family === 4 ? 'ipv4' : 'ipv6';
        this.allowedAddresses.addSubnet(network, prefix ? Number(prefix) : family === 4 ? 32 : 128, type);
      } else {
        this.allowedHosts.add(entry);
      }
    }
  }

  /** Allow-listed hosts may use plain http (a receiver on a test or internal network); others need https. */
  isHostAllowListed(host: string): boolean {
    const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
    return this.allowedHosts.has(bare) || (isIP(bare) !== 0 && this.isAddressAllowListed(bare));
  }

  isAddressAllowed(host: string, address: string): boolean {
    return this.isHostAllowListed(host) || this.isAddressAllowListed(address) || isPublicAddress(address);
  }

  /**
   * Resolves the host of a URL and returns one address it may connect to, or the reason it may not.
   * Every address the name resolves to must be acceptable: one internal answer taints the name.
   */
  async resolve(url: URL): Promise<ResolvedAddress | { refused: string }> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let answers: { address: string; family: number }[];
    try {
      answers =
        isIP(host) !== 0
          ? [{ address: host, family: isIP(host) }]
          : await lookup(host, { all: true, verbatim: true });
    } catch {
      return { refused: `the host ${host} cannot be resolved` };
    }
    const refused = answers.find((answer) => !this.isAddressAllowed(host, answer.address));
    if (refused || answers.length === 0) {
      return {
        refused: `the host ${host} resolves to an address that is not public (${refused?.address ?? 'none'})`,
      };
    }
    const first = answers[0]!;
    return { address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  private isAddressAllowListed(address: string): boolean {
    const { address: plain, family } = unmapped(address);
    return this.allowedAddresses.check(plain, family);
  }
}
