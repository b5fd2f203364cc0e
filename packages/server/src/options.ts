/**
 * `weft server` options: from flags, else environment variables, else defaults.
 *
 *   --port / WEFT_PORT (2746)          --host / WEFT_HOST (127.0.0.1)
 *   --data / WEFT_DATA (./.weft)       --database / WEFT_DATABASE (SQLite in the data directory)
 *   --runtime / WEFT_RUNTIME (host)    --retention / WEFT_RETENTION (keep finished workflows for)
 *   --image-alias / WEFT_IMAGE_ALIASES (podman's image alias table)
 *   --auth-mode / WEFT_AUTH_MODE (server on loopback, else client; sso: auth/sso/config.ts)
 *   --template-referencing / WEFT_TEMPLATE_REFERENCING (NAMESPACE=Strict|Secure; none)
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { goDurationMs } from '@weft/core';
import { parseSsoOptions, type SsoOptions, ssoFlags } from './auth/sso/config.js';
import { type TemplateReferencing, templateReferencingModes } from './controller/template-referencing.js';

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** A `postgres://` URL; absent: SQLite at `<data>/weft.db`. */
  readonly database?: string;
  readonly runtime: 'host' | 'podman';
  /** podman: `FROM=TO` or `local` entries of the image alias table (`--image-alias`). */
  readonly imageAliases?: readonly string[];
  /** Finished workflows older than this (ms) are deleted with their logs and artifacts. */
  readonly retentionMs?: number;
  /** Start steps in this process instead of a step runner that outlives restarts (tests, benches). */
  readonly inProcessSteps?: boolean;
  /** `server`: no authentication (loopback only); `client`: bearer tokens; `sso`: tokens and OIDC. */
  readonly authMode?: 'server' | 'client' | 'sso';
  /** With `authMode: 'sso'`. */
  readonly sso?: SsoOptions;
  /** Namespace (`*` for every other one) → Argo's templateReferencing restriction. */
  readonly templateReferencing?: Readonly<Record<string, TemplateReferencing>>;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopback(host: string): boolean {
  return loopbackHosts.has(host);
}

export class ServerUsageError extends Error {}

export const serverUsage = `Usage:
  weft server [flags]

Starts the weft server: the durable controller, the cron scheduler and the argo-server compatible
REST API (and UI) on http://HOST:PORT. Each flag can also be set by the environment variable named.

Flags:
      --port N            port to listen on, 0 for any free one (WEFT_PORT, default 2746)
      --host ADDRESS      address to listen on (WEFT_HOST, default 127.0.0.1)
      --data DIR          data directory: store, logs, artifacts (WEFT_DATA, default ./.weft)
      --database URL      postgres://user:password@host:port/db instead of SQLite in the data
                          directory (WEFT_DATABASE)
      --runtime host|podman
                          where steps run (WEFT_RUNTIME, default host): host processes under a
                          step runner, or podman containers (set up by scripts/setup-podman.sh)
      --image-alias FROM=TO|local
                          podman: run image TO where a manifest names FROM; "local" maps Argo's
                          example images onto weft's local ones (repeatable; WEFT_IMAGE_ALIASES,
                          comma-separated)
      --retention DURATION
                          delete finished workflows (with logs and artifacts) this long after they
                          finished, e.g. 168h (WEFT_RETENTION, default: keep)
      --auth-mode MODE    client: every request needs a token (Authorization: Bearer, or the
                          authorization cookie); the first start writes an admin token to
                          <data>/admin.token. server: no authentication, only on a loopback
                          --host. sso: tokens as client, and single sign-on through an
                          OpenID Connect provider (the --sso-* flags) (WEFT_AUTH_MODE,
                          default: server on loopback, else client)
      --sso-issuer URL    the OpenID Connect provider (WEFT_SSO_ISSUER)
      --sso-client-id ID  this server's client at the provider (WEFT_SSO_CLIENT_ID)
      --sso-client-secret-file FILE
                          the client's secret (WEFT_SSO_CLIENT_SECRET_FILE)
      --sso-redirect-url URL
                          https://HOST/oauth2/redirect as registered at the provider
                          (WEFT_SSO_REDIRECT_URL)
      --sso-groups-claim NAME
                          the ID token's claim with the user's groups (WEFT_SSO_GROUPS_CLAIM,
                          default groups)
      --sso-role-map GROUP=NAMESPACE:ROLE
                          the role a group grants in a namespace (* for all); repeatable or
                          comma-separated (WEFT_SSO_ROLE_MAP)
      --template-referencing NAMESPACE=Strict|Secure
                          the namespace (* for all) may only run stored templates through
                          workflowTemplateRef; Secure also refuses fields set on top of the
                          template but arguments, entrypoint and the like (repeatable;
                          WEFT_TEMPLATE_REFERENCING, comma-separated; default: no restriction)
  -h, --help              show this help

Steps run under a step runner process (<data>/runner) that keeps them going through a restart of
the server; a restarted server re-attaches to them and goes on with every unfinished workflow.

Secrets are encrypted with the key in WEFT_SECRET_KEY (32 bytes, base64), else in <data>/secret.key
(created with mode 0600 on first start). Rotate it with \`weft secret rotate-key\`.`;

export function parseServerOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ServerOptions | 'help' {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        database: { type: 'string' },
        runtime: { type: 'string' },
        'image-alias': { type: 'string', multiple: true },
        retention: { type: 'string' },
        'auth-mode': { type: 'string' },
        'template-referencing': { type: 'string', multiple: true },
        ...Object.fromEntries(Object.keys(ssoFlags).map((flag) => [flag, { type: 'string' as const }])),
        'sso-role-map': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ServerUsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const text = (flag: string, variable: string) => (values[flag] as string | undefined) ?? env[variable];
  const port = Number(text('port', 'WEFT_PORT') ?? '2746');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ServerUsageError(`--port: "${text('port', 'WEFT_PORT')}" is not a port number`);
  const runtime = text('runtime', 'WEFT_RUNTIME') ?? 'host';
  if (runtime !== 'host' && runtime !== 'podman')
    throw new ServerUsageError(`--runtime: "${runtime}" is not a runtime (host or podman)`);
  const imageAliases =
    (values['image-alias'] as string[] | undefined) ?? env.WEFT_IMAGE_ALIASES?.split(',').filter(Boolean);
  const database = text('database', 'WEFT_DATABASE');
  if (database !== undefined && !/^postgres(ql)?:\/\//.test(database))
    throw new ServerUsageError(`--database: "${database}" is not a postgres:// URL`);
  const retention = text('retention', 'WEFT_RETENTION');
  let retentionMs: number | undefined;
  if (retention !== undefined) {
    retentionMs = goDurationMs(retention);
    if (retentionMs === undefined || retentionMs <= 0)
      throw new ServerUsageError(`--retention: "${retention}" is not a duration like 168h or 30m`);
  }
  const host = text('host', 'WEFT_HOST') ?? '127.0.0.1';
  const authMode = text('auth-mode', 'WEFT_AUTH_MODE') ?? (isLoopback(host) ? 'server' : 'client');
  if (authMode !== 'server' && authMode !== 'client' && authMode !== 'sso')
    throw new ServerUsageError(`--auth-mode: "${authMode}" is not one of server, client, sso`);
  const sso = authMode === 'sso' ? ssoOptionsOf(values, env) : undefined;
  if (authMode === 'server' && !isLoopback(host))
    throw new ServerUsageError(
      `--auth-mode server (no authentication) is only allowed on a loopback --host, not "${host}"; use --auth-mode client`,
    );
  const templateReferencing = parseTemplateReferencing(
    (values['template-referencing'] as string[] | undefined) ??
      env.WEFT_TEMPLATE_REFERENCING?.split(',').map((entry) => entry.trim()),
  );
  return {
    port,
    host,
    authMode,
    ...(sso ? { sso } : {}),
    dataDir: resolve(text('data', 'WEFT_DATA') ?? '.weft'),
    ...(database ? { database } : {}),
    runtime,
    ...(imageAliases?.length ? { imageAliases } : {}),
    ...(retentionMs ? { retentionMs } : {}),
    ...(templateReferencing ? { templateReferencing } : {}),
  };
}

function ssoOptionsOf(values: Record<string, unknown>, env: NodeJS.ProcessEnv): SsoOptions {
  try {
    return parseSsoOptions(
      (flag) => (values[flag] as string | undefined) ?? env[ssoFlags[flag]],
      ((values['sso-role-map'] as string[] | undefined) ?? [env.WEFT_SSO_ROLE_MAP ?? '']).flatMap((entry) =>
        entry.split(','),
      ),
    );
  } catch (error) {
    throw new ServerUsageError((error as Error).message);
  }
}

/** `NAMESPACE=Strict|Secure` entries as a table; each namespace at most once. */
function parseTemplateReferencing(
  entries: readonly string[] | undefined,
): Record<string, TemplateReferencing> | undefined {
  const filled = entries?.filter(Boolean) ?? [];
  if (filled.length === 0) return undefined;
  const table: Record<string, TemplateReferencing> = {};
  for (const entry of filled) {
    const equals = entry.indexOf('=');
    const namespace = entry.slice(0, equals).trim();
    const mode = entry.slice(equals + 1).trim() as TemplateReferencing;
    if (equals <= 0 || !namespace || !templateReferencingModes.includes(mode))
      throw new ServerUsageError(
        `--template-referencing: "${entry}" is not NAMESPACE=Strict or NAMESPACE=Secure (* for every namespace)`,
      );
    if (Object.hasOwn(table, namespace))
      throw new ServerUsageError(`--template-referencing: namespace "${namespace}" is given twice`);
    table[namespace] = mode;
  }
  return table;
}
