// What node's HTTP parser refuses before any request exists (a control character in the URL, headers past
// 16 KB, a method it does not know, a request that took too long to arrive) never reaches express: node
// answers it itself with an empty body. This handler answers in the API's error shape instead, written on the
// socket by hand since there is no response object, and then closes the connection as node does.
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { statusCode } from './errors.js';

/** A JSON error as raw HTTP/1.1 bytes, closing the connection; `headers` are added as given. */
export function rawErrorResponse(
  status: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): Buffer {
  const body = JSON.stringify({ error: { code, message } });
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Access-Control-Allow-Origin: *',
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

interface ParserRefusal {
  readonly status: number;
  readonly message: string;
}

/** Node's own choice of status for each parser error (lib/_http_server.js), with a message a caller can act on. */
function refusalOf(code: string | undefined): ParserRefusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'the request line and headers are limited to 16 KB' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, message: 'chunk extensions too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'the request did not arrive in time' };
    case 'HPE_INVALID_METHOD':
      return { status: 400, message: 'unknown HTTP method' };
    case 'HPE_INVALID_URL':
      return { status: 400, message: 'the request target is not a valid URL' };
    default:
      return { status: 400, message: 'the request is not valid HTTP/1.1' };
  }
}

/** Prepared once per kind: a flood of malformed requests costs no formatting. */
const answers = new Map<string, Buffer>();

export function clientErrorResponse(code: string | undefined): Buffer {
  const key = code ?? '';
  let answer = answers.get(key);
  if (!answer) {
    const { status, message } = refusalOf(code);
    answer = rawErrorResponse(status, statusCode(status), message);
    if (answers.size < 64) answers.set(key, answer);
  }
  return answer;
}

type SocketWithResponse = Socket & { _httpMessage?: ServerResponse | null };

/** The server's 'clientError' listener. */
export function onClientError(error: Error & { code?: string }, socket: Socket): void {
  // A pipelined request broken after a good one: the good one's answer may still be on its way, and bytes
  // written now would land inside it. The error follows it instead (node's own handler drops it).
  const inFlight = (socket as SocketWithResponse)._httpMessage;
  if (inFlight && !inFlight.writableFinished && !inFlight.destroyed) {
    inFlight.once('finish', () => answer(error, socket));
    inFlight.once('close', () => socket.destroySoon());
    return;
  }
  answer(error, socket);
}

function answer(error: Error & { code?: string }, socket: Socket): void {
  if (error.code !== 'ECONNRESET' && socket.writable) socket.write(clientErrorResponse(error.code));
  socket.destroySoon();
}
