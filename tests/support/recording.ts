// A scrape context whose HTTP client remembers every request it sends (the real client underneath, over
// loopback): lets tests count calls and read the headers an adapter really sent.
import type { ScrapeContext } from '../../src/scrapers/adapter.js';
import type { HttpRequest } from '../../src/scrapers/http.js';

export interface RecordingContext extends ScrapeContext {
  readonly requests: HttpRequest[];
}

export function recording(ctx: ScrapeContext): RecordingContext {
  const requests: HttpRequest[] = [];
  return {
    ...ctx,
    requests,
    http: {
      request(request) {
        requests.push(request);
        return ctx.http.request(request);
      },
    },
  };
}
