// One HTTP exchange on node:http, no more: the resilient client (http.ts) decides what to send, when and how
// often. Axios did this before; its per-request config merging, header objects and interceptor chain were a
// tenth of the writer's CPU per request at national scale (issue 9), for features the client never used.
// What it did that matters is kept: kept-alive connections (an agent per client), compressed answers
// decoded, a body-size cap counted on the decoded bytes, a UTF-8 BOM dropped, no redirect followed.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface Exchange {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  /** Header names as the caller wrote them; a later name overrides an earlier one whatever its case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly signal: AbortSignal;
}

export interface ExchangeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Why an exchange got no answer to read: `too-large` or the connection's own failure (`network`). */
export class ExchangeFailure extends Error {
  constructor(
    readonly kind: 'too-large' | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'ExchangeFailure';
  }
}

export interface Transport {
  send(exchange: Exchange): Promise<ExchangeAnswer>;
  /** Closes the kept-alive connections. */
  close(): void;
}

export function createTransport(options: { readonly maxBodyBytes: number }): Transport {
  // Kept-alive connections: a scan cycle sends tens of thousands of requests to a few hosts.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
  };
  return {
    send: (exchange) => send(exchange, agents, options.maxBodyBytes),
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function send(
  exchange: Exchange,
  agents: { readonly 'http:': http.Agent; readonly 'https:': https.Agent },
  maxBodyBytes: number,
): Promise<ExchangeAnswer> {
  const secure = exchange.url.protocol === 'https:';
  if (!secure && exchange.url.protocol !== 'http:')
    return Promise.reject(new ExchangeFailure('network', `unsupported protocol ${exchange.url.protocol}`));
  const payload = exchange.json === undefined ? null : Buffer.from(JSON.stringify(exchange.json));
  const headers = requestHeaders(exchange.headers, payload);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (failure: Error) => {
      if (settled) return;
      settled = true;
      request.destroy();
      reject(failure);
    };
    const request = (secure ? https : http).request(exchange.url, {
      method: exchange.method,
      headers,
      agent: secure ? agents['https:'] : agents['http:'],
      signal: exchange.signal,
    });
    request.once('error', (error) => fail(error));
    request.once('response', (response) => {
      const declared = Number(response.headers['content-length']);
      if (declared > maxBodyBytes && !response.headers['content-encoding']) {
        fail(new ExchangeFailure('too-large', `body of ${declared} bytes over the limit`));
        response.destroy();
        return;
      }
      const body = decoded(response);
      const chunks: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxBodyBytes) {
          fail(new ExchangeFailure('too-large', `body over ${maxBodyBytes} bytes`));
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      body.once('error', (error) => fail(error));
      // A connection that closes before the whole body came is a failure, not a shorter answer.
      response.once('aborted', () => fail(new ExchangeFailure('network', 'connection closed mid-answer')));
      response.once('close', () => {
        if (!response.complete) fail(new ExchangeFailure('network', 'connection closed mid-answer'));
      });
      body.once('end', () => {
        if (settled) return;
        settled = true;
        let text = Buffer.concat(chunks, size).toString('utf8');
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        resolve({ status: response.statusCode ?? 0, headers: flatHeaders(response.headers), body: text });
      });
    });
    request.end(payload ?? undefined);
  });
}

function requestHeaders(given: Readonly<Record<string, string>>, payload: Buffer | null): Record<string, string> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
  return headers;
}

/** The body as sent, or decoded when the server compressed it. */
function decoded(response: http.IncomingMessage): Readable {
  if (response.statusCode === 204 || response.statusCode === 304) return response;
  switch ((response.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    case 'deflate':
      return response.pipe(zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    case 'br':
      return response.pipe(zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }));
    default:
      return response;
  }
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
