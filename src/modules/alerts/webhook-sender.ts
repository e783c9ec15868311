import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './webhook-address.js';

export type SendResult = { statusCode: number } | { error: string };

export interface WebhookRequest {
  url: URL;
  /** The address WebhookAddressPolicy vetted for the URL's host: the only one connected to. */
  address: ResolvedAddress;
  headers: Readonly<Record<string, string>>;
  body: string;
  timeoutMs: number;
}

const USER_AGENT = 'Kiessignaal-Webhooks/1';

/**
 * POSTs one webhook and answers the receiver's status code, or why there was none. Redirects are never
 * followed (node:http does not; the caller treats 3xx as a failure), and the connection goes only to the
 * vetted address: the `lookup` below answers it instead of asking DNS again, so an answer that changed
 * since the check cannot lead into an internal network. The Host header and TLS SNI stay the URL's host.
 */
export function postWebhook(request: WebhookRequest): Promise<SendResult> {
  const { url, address, body, timeoutMs } = request;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) {
      callback(null, [{ address: address.address, family: address.family }]);
    } else {
      callback(null, address.address, address.family);
    }
  };
  return new Promise((resolve) => {
    let isSettled = false;
    const settle = (result: SendResult): void => {
      if (!isSettled) {
        isSettled = true;
        clearTimeout(timer);
        resolve(result);
      }
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: {
        ...request.headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body, 'utf8').toString(),
        'user-agent': USER_AGENT,
      },
      lookup,
      // A fresh connection each time: no pooled socket outlives the check that vetted its address.
      agent: false,
    });
    // The whole exchange, not only idle time: a receiver that trickles bytes must not hold a worker.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('response', (res) => {
      settle({ statusCode: res.statusCode ?? 0 });
      // The status decides; the receiver's body is not needed.
      res.on('error', () => undefined);
      res.destroy();
    });
    req.on('error', (error) => settle({ error: error.message || 'request failed' }));
    req.end(body, 'utf8');
  });
}
