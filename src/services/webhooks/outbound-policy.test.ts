import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { assertOutboundUrl, checkOutboundUrl, type OutboundPolicy, OutboundRefusedError, type ResolveHost } from './outbound-policy.js';
import { createPostOutbound } from './post-outbound.js';

/** A resolver from a table: no real DNS in these tests. */
const table =
  (answers: Record<string, string[]>): ResolveHost =>
  async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const strict: OutboundPolicy = { allowPrivateNetworks: false, resolve: table({ 'hooks.example.com': ['93.184.216.34'], 'inside.example.com': ['10.1.2.3'], 'mixed.example.com': ['93.184.216.34', '127.0.0.1'], 'v6.example.com': ['::1'] }) };

describe('checkOutboundUrl', () => {
  const refused: [string, string][] = [
    ['ftp://hooks.example.com/x', 'unsupported-scheme'],
    ['file:///etc/passwd', 'unsupported-scheme'],
    ['gopher://hooks.example.com/', 'unsupported-scheme'],
    ['https://user:pw@hooks.example.com/', 'credentials-in-url'],
    ['not a url', 'invalid-url'],
    ['http://127.0.0.1:8080/', 'blocked-address'],
    ['http://2130706433/', 'blocked-address'],
    ['http://0x7f.1/', 'blocked-address'],
    ['http://10.0.0.1/', 'blocked-address'],
    ['http://169.254.169.254/latest/meta-data/', 'blocked-address'],
    ['http://[::1]/', 'blocked-address'],
    ['http://[::ffff:127.0.0.1]/', 'blocked-address'],
    ['http://100.64.0.1/', 'blocked-address'],
    ['https://inside.example.com/hook', 'blocked-address'],
    ['https://mixed.example.com/hook', 'blocked-address'],
    ['https://v6.example.com/hook', 'blocked-address'],
    ['https://nowhere.example.com/hook', 'unresolvable-host'],
  ];
  it.each(refused)('refuses %s (%s)', async (url, reason) => {
    expect(await checkOutboundUrl(url, strict)).toMatchObject({ kind: 'refused', reason });
  });

  it('accepts public http(s) targets', async () => {
    expect(await checkOutboundUrl('https://hooks.example.com/in', strict)).toMatchObject({ kind: 'allowed' });
    expect(await checkOutboundUrl('http://93.184.216.34:8080/in', strict)).toMatchObject({ kind: 'allowed' });
  });

  it('with private networks allowed, still refuses other schemes and credentials, and resolves nothing', async () => {
    const open: OutboundPolicy = { allowPrivateNetworks: true, resolve: () => Promise.reject(new Error('must not resolve')) };
    expect(await checkOutboundUrl('http://127.0.0.1:9/', open)).toMatchObject({ kind: 'allowed' });
    expect(await checkOutboundUrl('https://inside.example.com/', open)).toMatchObject({ kind: 'allowed' });
    expect(await checkOutboundUrl('ftp://127.0.0.1/', open)).toMatchObject({ kind: 'refused', reason: 'unsupported-scheme' });
    expect(await checkOutboundUrl('http://a:b@127.0.0.1/', open)).toMatchObject({ kind: 'refused', reason: 'credentials-in-url' });
  });

  it('throws invalid-input naming the field, the reason and the address', async () => {
    const error = await assertOutboundUrl('http://169.254.169.254/', strict, 'url', 'webhook URL').catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('invalid-input');
    expect(isAppError(error) && error.details).toEqual({ field: 'url', reason: 'blocked-address', host: '169.254.169.254', address: '169.254.169.254', category: 'metadata' });
    expect((error as Error).message).toContain('OUTBOUND_ALLOW_PRIVATE_NETWORKS');
  });
});

describe('createPostOutbound', () => {
  const received: string[] = [];
  const server = createServer((req, res) => {
    received.push(req.url ?? '');
    res.writeHead(200).end('ok');
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const request = { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5_000 };

  it('connects only to the address it checked: a name that resolves to loopback at send time is refused', async () => {
    // Accepted when saved (public answer), then the DNS answer changes to the local server's address.
    let answer = '93.184.216.34';
    const rebinding: OutboundPolicy = { allowPrivateNetworks: false, resolve: async () => [{ address: answer, family: 4 }] };
    expect(await checkOutboundUrl(`http://rebind.example.com:${port}/hook`, rebinding)).toMatchObject({ kind: 'allowed' });
    answer = '127.0.0.1';
    const error = await createPostOutbound(rebinding)(`http://rebind.example.com:${port}/hook`, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefusedError);
    expect((error as OutboundRefusedError).refusal).toMatchObject({ reason: 'blocked-address', category: 'loopback', address: '127.0.0.1' });
    expect(received).toEqual([]);
  });

  it('refuses IP literals, localhost and other schemes before connecting', async () => {
    const post = createPostOutbound({ allowPrivateNetworks: false });
    for (const url of [`http://127.0.0.1:${port}/a`, `http://[::1]:${port}/b`, `http://localhost:${port}/c`, `ftp://127.0.0.1:${port}/d`]) {
      await expect(post(url, request), url).rejects.toBeInstanceOf(OutboundRefusedError);
    }
    expect(received).toEqual([]);
  });

  it('posts to private addresses and names when the operator allows private networks', async () => {
    const open = createPostOutbound({ allowPrivateNetworks: true });
    expect(await open(`http://127.0.0.1:${port}/open`, request)).toEqual({ status: 200, ok: true, body: 'ok' });
    expect(await open(`http://localhost:${port}/named`, request)).toMatchObject({ status: 200 });
    expect(received).toEqual(['/open', '/named']);
  });
});
