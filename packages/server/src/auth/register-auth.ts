/**
 * The API's authentication and authorization, checked before anything else of a request:
 *
 *   credentials (header | cookie) ─► malformed? 401 ─► token verified? else 401
 *     ─► route's access entry (route-access.ts) ─► grant covers it? else 403 ─► route
 *
 * `server` mode checks nothing (only allowed on loopback). In `client` mode every route needs a
 * valid token except public ones, and a malformed or unknown token is refused even there.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, GrpcCode } from '../api/errors/api-error.js';
import { credentialsOf } from './credentials.js';
import { type Grant, grantCovers } from './roles.js';
import { type Access, accessOf } from './route-access.js';
import type { TokenService } from './tokens.js';

export type AuthMode = 'server' | 'client';

export interface ApiAuth {
  readonly mode: AuthMode;
  /** Required in `client` mode. */
  readonly tokens?: TokenService;
}

export type Caller = Grant & { readonly name: string };

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
  if (!tokens) throw new Error('client auth mode needs a token service');
  app.addHook('onRequest', async (request) => {
    const access = accessOf(request.method, request.routeOptions.url);
    const credentials = credentialsOf(request.headers);
    if (credentials.kind === 'malformed') throw unauthenticated(`Unauthorized: ${credentials.reason}`);
    if (credentials.kind === 'none') {
      if (access?.kind === 'public') return;
      throw unauthenticated('Unauthorized: send a token as "Authorization: Bearer <token>"');
    }
    const caller = await tokens.verify(credentials.token);
    if (!caller) throw unauthenticated('Unauthorized: the token is not valid (unknown, revoked or expired)');
    request.caller = caller;
    // No route matched: the API's 404 follows.
    if (request.routeOptions.url === undefined) return;
    authorize(request, caller, access);
  });
}

function authorize(request: FastifyRequest, caller: Caller, access: Access | undefined): void {
  if (!access) throw denied(`no access rule for ${request.method} ${request.routeOptions.url}`);
  if (access.kind === 'public' || access.kind === 'authenticated') return;
  const namespace =
    access.kind === 'namespace' ? (request.params as { namespace?: string }).namespace : undefined;
  if (grantCovers(caller, access.kind === 'cluster' ? '*' : namespace, access.role)) return;
  const scope =
    access.kind === 'cluster' || namespace === undefined ? 'every namespace' : `namespace "${namespace}"`;
  throw denied(
    `role ${access.role} in ${scope} is needed; this token is ${caller.role} in ${describe(caller)}`,
  );
}

function describe(grant: Grant): string {
  return grant.namespace === '*' ? 'every namespace' : `namespace "${grant.namespace}"`;
}

function denied(message: string): ApiError {
  return new ApiError(GrpcCode.PermissionDenied, `Forbidden: ${message}`);
}
