// An HTTP client that sends each request once, for tests that want to see every fault as it comes.
import { PROJECT_USER_AGENT } from '../../src/scrapers/http.js';
import { NO_RETRY } from '../../src/scrapers/retry.js';

export { createHttpClient } from '../../src/scrapers/http.js';

// A timeout well above the slow fault's delay, so that a loaded machine does not turn a slow answer into a timeout.
export const NO_RETRY_CLIENT_DEFAULTS = {
  timeoutMs: 2_000,
  userAgent: PROJECT_USER_AGENT,
  maxBodyBytes: 1_000_000,
  retry: NO_RETRY,
} as const;
