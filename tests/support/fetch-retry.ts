// Every test file's fetch retries a GET or HEAD once when the connection it reused turns out closed. An
// in-process server closes idle keep-alive connections after 5 s (src/api), and a test that holds the event
// loop longer (a whole cycle run synchronously) can hand fetch a socket the server closes a moment later:
// a browser retries such a request on a fresh connection, so the tests' client does too. Nothing else is
// retried: an error of the server itself still fails the test.
const original = globalThis.fetch;

function staleConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return error instanceof TypeError && ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(cause?.code ?? '');
}

globalThis.fetch = async (input, init) => {
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  try {
    return await original(input, init);
  } catch (error) {
    if ((method !== 'GET' && method !== 'HEAD') || !staleConnection(error)) throw error;
    return original(input, init);
  }
};
