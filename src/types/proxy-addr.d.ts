// proxy-addr (express's own dependency) ships no types; this is the one call the fast lane makes.
declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';
  function proxyaddr(request: IncomingMessage, trust: (address: string, hop: number) => boolean): string;
  export default proxyaddr;
}
