// The one HTTP client every adapter uses. It never throws for an HTTP status: adapters read the status
// themselves, because each platform means something different by a 403 or a 404. It throws an HttpFailure
// when there is no answer to read (timeout, refused connection, oversize body, host not allowed).
import axios, { type AxiosInstance } from 'axios';

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  /** Absolute URL, query string included. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body for POST. */
  readonly json?: unknown;
}

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type HttpFailureKind = 'timeout' | 'network' | 'too-large' | 'host-not-allowed' | 'circuit-open';

export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  /** Origins (`http://127.0.0.1:4001`) the client may call; anything else is refused before any I/O. */
  readonly allowedOrigins: readonly string[];
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly maxBodyBytes: number;
}

export const PROJECT_USER_AGENT = 'slot-aggregator/0.1 (+https://github.com/slot-aggregator; open-source vaccination slot aggregator)';

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const allowed = new Set(options.allowedOrigins.map((origin) => new URL(origin).origin));
  const instance: AxiosInstance = axios.create({
    timeout: options.timeoutMs,
    maxContentLength: options.maxBodyBytes,
    maxBodyLength: options.maxBodyBytes,
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
  });

  return {
    async request(request) {
      const origin = safeOrigin(request.url);
      if (!origin || !allowed.has(origin)) {
        throw new HttpFailure('host-not-allowed', `${request.url}: host is not in the configured platforms`);
      }
      try {
        const response = await instance.request<string>({
          method: request.method ?? 'GET',
          url: request.url,
          headers: { 'User-Agent': options.userAgent, Accept: 'application/json', ...request.headers },
          data: request.json,
        });
        return {
          url: request.url,
          status: response.status,
          headers: flattenHeaders(response.headers as Record<string, unknown>),
          body: typeof response.data === 'string' ? response.data : '',
        };
      } catch (error) {
        throw toHttpFailure(request.url, error);
      }
    },
  };
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

function toHttpFailure(url: string, error: unknown): HttpFailure {
  if (axios.isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return new HttpFailure('timeout', `${url}: timed out`);
    if (error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
      return new HttpFailure('too-large', `${url}: body over the size limit`);
    }
    return new HttpFailure('network', `${url}: ${error.code ?? error.message}`);
  }
  return new HttpFailure('network', `${url}: ${error instanceof Error ? error.message : String(error)}`);
}
