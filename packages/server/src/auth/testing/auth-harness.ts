/**
 * Test-only: the API in `client` auth mode over a real store, with the token and secret routes and
 * the web UI's and sign-on routes (SSO not configured), plus tokens of each role in `team-a`, an admin of `team-b` and global ones.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, startApi } from '../../api/testing/api-harness.js';
import { setUpSecrets } from '../../secrets/set-up-secrets.js';
import { registerUi } from '../../ui/register-ui.js';
import { allNamespaces, type Grant, roles } from '../roles.js';
import { registerSsoRoutes } from '../sso/routes.js';
import { TokenService } from '../tokens.js';

export interface Caller {
  readonly label: string;
  /** Absent: no credentials at all. */
  readonly token?: string;
  readonly grant?: Grant;
}

export interface AuthHarness {
  readonly api: ApiHarness;
  readonly tokens: TokenService;
  readonly callers: readonly Caller[];
  close(): Promise<void>;
}

export async function startAuthApi(): Promise<AuthHarness> {
  let tokens!: TokenService;
  let stopSecrets = () => {};
  const api = await startApi(
    {},
    {
      deps: async ({ store, events, dataDir }) => {
        tokens = new TokenService(store);
        const secrets = await setUpSecrets({ store, events, dataDir, log: () => {}, env: {} });
        stopSecrets = secrets.stop;
        return {
          auth: { mode: 'client', tokens },
          tokens,
          secrets: { vault: secrets.vault },
          redact: secrets.redactor.redact,
          // The web UI's routes are covered by the table as well.
          beforeReady: (app) => {
            registerSsoRoutes(app, undefined);
            return registerUi(app, { dir: mkdtempSync(join(tmpdir(), 'weft-ui-')) });
          },
        };
      },
    },
  );
  const grants: Grant[] = [
    ...roles.map((role) => ({ namespace: 'team-a', role })),
    { namespace: 'team-b', role: 'admin' },
    { namespace: allNamespaces, role: 'viewer' },
    { namespace: allNamespaces, role: 'admin' },
  ];
  const callers: Caller[] = [{ label: 'anonymous' }];
  for (const grant of grants) {
    const created = await tokens.create(grant);
    callers.push({ label: `${grant.role}@${grant.namespace}`, token: created.token, grant });
  }
  return {
    api,
    tokens,
    callers,
    async close() {
      stopSecrets();
      await api.close();
    },
  };
}
