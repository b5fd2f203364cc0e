import type { Store, StoredObject } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ApiAuth } from '../auth/register-auth.js';
import type { TokenService } from '../auth/tokens.js';
import type { WorkflowController } from '../controller/types.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import type { SecretRoutesOptions } from '../secrets/secret-routes.js';
import type { ObjectEvents } from '../watch/object-events.js';
import type { ResultStream } from './streams/result-stream.js';
import type { WatchHistory } from './streams/watch-history.js';

/** What the API is built from: explicit ports, no globals. */
export interface ApiDeps {
  /** A WatchedStore: templates, crons and lists are read and written through it. */
  readonly store: Store;
  readonly events: ObjectEvents;
  /** Everything that changes or reads a running workflow goes through the controller. */
  readonly controller: WorkflowController;
  /** Logs and artifacts of a workflow are under `runDirOf(dataDir, uid)`. */
  readonly dataDir: string;
  readonly version: string;
  readonly metrics: ServerMetrics;
  /** Largest request body in bytes; default 4 MiB. Larger bodies get 413. */
  readonly bodyLimit?: number;
  /** The next scheduled runs of a CronWorkflow (from the cron module); shown as `status.nextScheduledRunTime`. */
  readonly nextCronRuns?: (cron: StoredObject) => Date[];
  /** Milliseconds between keep-alive comments on event streams; default 15 000. */
  readonly heartbeatMs?: number;
  /** How many recent changes a watch can resume from (`listOptions.resourceVersion`); default 5 000. */
  readonly watchHistory?: number;
  /** Longest wait between reads of a followed log without a change notice; default 1 000 ms. */
  readonly logPollMs?: number;
  /**
   * Least time between two watch events of one workflow; default 200 ms. A workflow whose nodes
   * change many times a second is sent in its latest state, not once per change.
   */
  readonly watchMinIntervalMs?: number;
  /** Who may call what (auth/); default `server` mode: no checks. */
  readonly auth?: ApiAuth;
  /** Serves /api/v1/tokens when given. */
  readonly tokens?: TokenService;
  /** Serves /api/v1/secrets and /api/v1/secret-key when given. */
  readonly secrets?: SecretRoutesOptions;
  /** Replaces secret values in every answer and stream message. */
  readonly redact?: (text: string) => string;
  /** Registers more routes (e.g. the web UI's) after the API's, before the app is ready. */
  readonly beforeReady?: (app: FastifyInstance) => Promise<void> | void;
}

/** What route modules get: the deps with defaults applied, plus the shared watch history. */
export interface ApiContext extends ApiDeps {
  readonly heartbeatMs: number;
  readonly logPollMs: number;
  readonly watchMinIntervalMs: number;
  readonly history: WatchHistory;
  /** Streams being written, ended when the server closes. */
  readonly openStreams: Set<ResultStream>;
}
