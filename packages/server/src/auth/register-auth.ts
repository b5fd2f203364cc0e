/**
 * The API's authentication and authorization, checked before anything else of a request:
 *
 *   credentials (header | cookie) ─► malformed? 401 ─► token verified? else 401
 *     ─► route's access entry (route-access.ts) ─► grant covers it? else 403 ─► route
 *
 * `server` mode checks nothing (only allowed on loopback). In `client` mode every route needs a
 * valid token except public ones, and a malformed or unknown token is refused even there. `sso`
 * mode also takes the session a single sign-on leaves (`weft-sso.…`, sso/session.ts), whose
 * groups grant roles through the role map; a session none of whose groups is mapped gets 403.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, GrpcCode } from '../api/errors/api-error.js';
import { credentialsOf } from './credentials.js';
import { type Grant, grantCovers } from './roles.js';
import { type Access, accessOf } from './route-access.js';
import { isSessionToken } from './sso/session.js';
import type { TokenService } from './tokens.js';

export type AuthMode = 'server' | 'client' | 'sso';

export interface ApiAuth {
  readonly mode: AuthMode;
  /** Required in `client` and `sso` modes. */
  readonly tokens?: TokenService;
  /** `sso` mode: the caller of a sign-on session token (undefined: not valid). */
  readonly sessions?: { callerOf(token: string): Caller | undefined };
}

/** A token's grant; a sign-on session's first grant, with all of them in `grants`. */
export type Caller = Grant & {
  readonly name: string;
  readonly grants?: readonly Grant[];
  readonly groups?: readonly string[];
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token of the request (client mode). */
    caller?: Caller;
  }
}

const unauthenticated = (message: string) => new ApiError(GrpcCode.Unauthenticated, message);

/** `METHOD pattern` of every route registered after registerAuth (HEAD left out), per app. */
const registeredRoutes = new WeakMap<FastifyInstance, string[]>();

export function routesOf(app: FastifyInstance): readonly string[] {
  return registeredRoutes.get(app) ?? [];
}

export function registerAuth(app: FastifyInstance, auth: ApiAuth): void {
  const routes: string[] = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });
  if (auth.mode === 'server') return;
  const tokens = auth.tokens;
  if (!tokens) throw new Error(`${auth.mode} auth mode needs a token service`);
  app.addHook('onRequest', async (request) => {
    const access = accessOf(request.method, request.routeOptions.url);
    const credentials = credentialsOf(request.headers);
    if (credentials.kind === 'malformed') throw unauthenticated(`Unauthorized: ${credentials.reason}`);
    if (credentials.kind === 'none') {
      if (access?.kind === 'public') return;
      throw unauthenticated('Unauthorized: send a token as "Authorization: Bearer <token>"');
    }
    const session = auth.sessions && isSessionToken(credentials.token);
    const caller = session
      ? auth.sessions?.callerOf(credentials.token)
      : await tokens.verify(credentials.token);
    if (!caller) throw unauthenticated('Unauthorized: the token is not valid (unknown, revoked or expired)');
    request.caller = caller;
    // No route matched: the API's 404 follows.
    if (request.routeOptions.url === undefined) return;
    authorize(request, caller, access);
  });
}

function authorize(request: FastifyRequest, caller: Caller, access: Access | undefined): void {
  if (!access) throw denied(`no access rule for ${request.method} ${request.routeOptions.url}`);
  if (access.kind === 'public') return;
  const grants = caller.grants ?? [caller];
  if (grants.length === 0)
    throw denied(
      `none of the groups of ${caller.name} (${caller.groups?.join(', ') || 'none'}) is given a role by --sso-role-map`,
    );
  if (access.kind === 'authenticated') return;
  const namespace =
    access.kind === 'namespace' ? (request.params as { namespace?: string }).namespace : undefined;
  const scope = access.kind === 'cluster' ? '*' : namespace;
  if (grants.some((grant) => grantCovers(grant, scope, access.role))) return;
  const needed = scope === '*' || scope === undefined ? 'every namespace' : `namespace "${scope}"`;
  const who = caller.grants ? caller.name : 'this token';
  throw denied(`role ${access.role} in ${needed} is needed; ${who} is ${grants.map(describe).join(', ')}`);
}

function describe(grant: Grant): string {
  return `${grant.role} in ${grant.namespace === '*' ? 'every namespace' : `namespace "${grant.namespace}"`}`;
}

function denied(message: string): ApiError {
  return new ApiError(GrpcCode.PermissionDenied, `Forbidden: ${message}`);
}
