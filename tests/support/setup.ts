// Every test's fetch opens a fresh connection. The servers under test run in the test's own process, so a
// scan that holds the event loop for a second lets a server close an idle keep-alive socket that the client
// (whose idle timers tick once a second) still counts as open: the next request then meets ECONNRESET.
// That race belongs to sharing one loop with the server, not to the system under test.
import { Agent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new Agent({ pipelining: 0 }));
