import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { bareHost, checkOutboundUrlSyntax, type OutboundPolicy, OutboundRefusedError, resolvePublicAddresses } from './outbound-policy.js';

/** What an outgoing POST answered (never followed redirects: a 3xx is an answer like any other). */
export interface OutboundResponse {
  readonly status: number;
  readonly ok: boolean;
  /** The start of the body (at most `maxBodyBytes`), as text. */
  readonly body: string;
}

export interface OutboundRequest {
  /** Default POST; PATCH for callbacks that update a resource (Greenhouse). */
  readonly method?: 'POST' | 'PATCH';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Default 64 KiB: a receiver cannot make the server hold a huge answer. */
  readonly maxBodyBytes?: number;
}

/** Sends (POST, or PATCH) to an organisation-configured URL under the outbound policy. */
export type PostOutbound = (url: string, request: OutboundRequest) => Promise<OutboundResponse>;

/** The request's own deadline passed (the webhook log shows "timed out"). */
export class OutboundTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * A `lookup` for node:net that resolves, refuses when any answer is not public, and hands the
 * socket only the addresses it checked: the connection goes where the check looked, so a DNS
 * answer that changes between the check and the connect (rebinding) cannot slip through.
 */
function checkedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    resolvePublicAddresses(hostname, policy).then(
      (verdict) => {
        if (verdict.kind === 'refused') {
          const { kind: _kind, ...refusal } = verdict;
          return callback(new OutboundRefusedError(refusal), '', 0);
        }
        const wanted = options.family === 4 || options.family === 6 ? verdict.addresses.filter((a) => a.family === options.family) : verdict.addresses;
        const usable = wanted.length > 0 ? wanted : verdict.addresses;
        if (options.all) return callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
        const first = usable[0];
        return first ? callback(null, first.address, first.family) : callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), '', 0),
    );
  };
}

/**
 * Sends with node:http(s) rather than fetch, because only there can the connection be tied to the
 * checked address (`lookup`); an IP literal never reaches `lookup`, so it is checked first. No
 * connection reuse, no redirects, no proxies.
 */
export function createPostOutbound(policy: OutboundPolicy): PostOutbound {
  const lookup = policy.allowPrivateNetworks ? undefined : checkedLookup(policy);
  return async (url, request) => {
    const syntax = checkOutboundUrlSyntax(url, policy);
    if (syntax.kind === 'refused') {
      const { kind: _kind, ...refusal } = syntax;
      throw new OutboundRefusedError(refusal);
    }
    const target = syntax.url;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const limit = request.maxBodyBytes ?? 64 * 1024;
    return new Promise<OutboundResponse>((resolve, reject) => {
      const req = send(
        {
          protocol: target.protocol,
          hostname: bareHost(target),
          port: target.port || undefined,
          path: `${target.pathname}${target.search}`,
          method: request.method ?? 'POST',
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          agent: false,
          ...(lookup ? { lookup } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const finish = () => {
            clearTimeout(timer);
            const status = res.statusCode ?? 0;
            resolve({ status, ok: status >= 200 && status < 300, body: Buffer.concat(chunks).toString('utf8') });
          };
          res.on('data', (chunk: Buffer) => {
            if (size >= limit) return;
            chunks.push(chunk.subarray(0, limit - size));
            size += chunk.length;
            if (size >= limit) {
              finish();
              res.destroy();
            }
          });
          res.on('end', finish);
          res.on('error', (error) => {
            clearTimeout(timer);
            reject(error);
          });
        },
      );
      const timer = setTimeout(() => req.destroy(new OutboundTimeoutError(request.timeoutMs)), request.timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(request.body);
    });
  };
}
