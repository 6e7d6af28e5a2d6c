import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { invalidInput } from '../errors.js';
import { type BlockedAddressCategory, blockedAddressCategory } from './outbound-address.js';

/** Resolves a host name to every address it has (node:dns `lookup` with `all: true` by default). */
export type ResolveHost = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

/**
 * Where the server may send requests configured by an organisation (webhook endpoints, Slack and
 * Teams incoming webhooks). Operators allow private targets with `OUTBOUND_ALLOW_PRIVATE_NETWORKS`.
 */
export interface OutboundPolicy {
  /** Allow loopback, private, link-local and metadata addresses (a closed network, or tests). */
  readonly allowPrivateNetworks: boolean;
  /** DNS; tests inject one. */
  readonly resolve?: ResolveHost;
}

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = { allowPrivateNetworks: false };

/** Why a URL was refused: stable strings, sent as `details.reason` with `invalid-input`. */
export type OutboundRefusal =
  | { readonly reason: 'invalid-url' }
  | { readonly reason: 'unsupported-scheme'; readonly scheme: string }
  | { readonly reason: 'credentials-in-url' }
  | { readonly reason: 'unresolvable-host'; readonly host: string }
  | { readonly reason: 'blocked-address'; readonly host: string; readonly address: string; readonly category: BlockedAddressCategory };

export type OutboundUrlVerdict = { readonly kind: 'allowed'; readonly url: URL } | ({ readonly kind: 'refused' } & OutboundRefusal);

const defaultResolve: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** The host of a URL as a resolver or `isIP` takes it: no IPv6 brackets, no trailing root dot. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** Scheme, credentials and (for an IP literal) address: what can be judged without DNS. */
export function checkOutboundUrlSyntax(url: string, policy: OutboundPolicy): OutboundUrlVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refused', reason: 'invalid-url' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { kind: 'refused', reason: 'unsupported-scheme', scheme: parsed.protocol.replace(/:$/, '') };
  if (parsed.username || parsed.password) return { kind: 'refused', reason: 'credentials-in-url' };
  const host = bareHost(parsed);
  if (!policy.allowPrivateNetworks && isIP(host) !== 0) {
    const category = blockedAddressCategory(host);
    if (category) return { kind: 'refused', reason: 'blocked-address', host, address: host, category };
  }
  return { kind: 'allowed', url: parsed };
}

/**
 * The addresses `host` resolves to, or the refusal: every address must be public (one private
 * answer among public ones is refused, as DNS rebinding would use it). With private networks
 * allowed, nothing is resolved here.
 */
export async function resolvePublicAddresses(host: string, policy: OutboundPolicy): Promise<{ kind: 'allowed'; addresses: readonly { address: string; family: number }[] } | ({ kind: 'refused' } & OutboundRefusal)> {
  if (isIP(host) !== 0) {
    const category = policy.allowPrivateNetworks ? undefined : blockedAddressCategory(host);
    return category ? { kind: 'refused', reason: 'blocked-address', host, address: host, category } : { kind: 'allowed', addresses: [{ address: host, family: isIP(host) }] };
  }
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = await (policy.resolve ?? defaultResolve)(host);
  } catch {
    return { kind: 'refused', reason: 'unresolvable-host', host };
  }
  if (addresses.length === 0) return { kind: 'refused', reason: 'unresolvable-host', host };
  if (!policy.allowPrivateNetworks) {
    for (const { address } of addresses) {
      const category = blockedAddressCategory(address);
      if (category) return { kind: 'refused', reason: 'blocked-address', host, address, category };
    }
  }
  return { kind: 'allowed', addresses };
}

/** The full check at configuration time: syntax, then (private networks refused) DNS. */
export async function checkOutboundUrl(url: string, policy: OutboundPolicy): Promise<OutboundUrlVerdict> {
  const syntax = checkOutboundUrlSyntax(url, policy);
  if (syntax.kind === 'refused' || policy.allowPrivateNetworks) return syntax;
  const resolved = await resolvePublicAddresses(bareHost(syntax.url), policy);
  return resolved.kind === 'refused' ? resolved : syntax;
}

/** A sentence for people: what was refused and what to do. */
export function describeRefusal(refusal: OutboundRefusal): string {
  switch (refusal.reason) {
    case 'invalid-url':
      return 'is not a valid URL';
    case 'unsupported-scheme':
      return `uses ${refusal.scheme}:, but only http and https are allowed`;
    case 'credentials-in-url':
      return 'carries credentials; remove them (webhook receivers verify the signature instead)';
    case 'unresolvable-host':
      return `has a host (${refusal.host}) that does not resolve`;
    case 'blocked-address':
      return `points at ${refusal.address === refusal.host ? refusal.address : `${refusal.host} (${refusal.address})`}, a ${refusal.category} address; the server only sends to public addresses unless the operator sets OUTBOUND_ALLOW_PRIVATE_NETWORKS=true`;
  }
}

/** Throws `invalid-input` with `details: { field, reason, … }` when the URL may not be used. */
export async function assertOutboundUrl(url: string, policy: OutboundPolicy, field: string, label: string): Promise<void> {
  const verdict = await checkOutboundUrl(url, policy);
  if (verdict.kind === 'allowed') return;
  const { kind: _kind, ...refusal } = verdict;
  throw invalidInput(`The ${label} ${describeRefusal(refusal)}.`, { field, ...refusal });
}

/** Raised at delivery when the target is refused; the message says why (kept in delivery logs). */
export class OutboundRefusedError extends Error {
  constructor(readonly refusal: OutboundRefusal) {
    super(`refused: the URL ${describeRefusal(refusal)}`);
    this.name = 'OutboundRefusedError';
  }
}
