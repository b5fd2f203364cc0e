/**
 * Runs in a container's network namespace (see readiness-in-container.ts): waits until the
 * readinessProbe given as JSON in argv[2] passes, then exits 0; exits 1 when told to stop first.
 */
import { type ReadinessProbe, waitUntilReady } from '../pod/readiness.js';

const stopped = new AbortController();
process.on('SIGTERM', () => stopped.abort());
const probe = JSON.parse(process.argv[2] ?? '{}') as ReadinessProbe;
const ready = await waitUntilReady(probe, stopped.signal);
process.exit(ready ? 0 : 1);
