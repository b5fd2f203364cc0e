/**
 * The single sign-on routes (public: signing in is how a caller gets credentials):
 *
 *   GET /oauth2/info      {"sso": true|false}: whether the sign-in page offers SSO (weft)
 *   GET /oauth2/login     302 to the provider (weft; argo-server starts it from its UI)
 *   GET /oauth2/redirect  the provider's callback, as argo-server's: sets the session cookie, 302 to /
 *
 * Without SSO configured, login and redirect answer 404. Like every route, these refuse bad
 * credentials with 401: the UI clears its cookie before sending the browser to /oauth2/login.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SsoFlowError, type SsoService, sessionSeconds } from './sso-service.js';

const flowCookie = 'weft-sso-flow';

export function registerSsoRoutes(app: FastifyInstance, sso: SsoService | undefined): void {
  app.get('/oauth2/info', async () => ({ sso: sso !== undefined }));
  app.get('/oauth2/login', async (_request, reply) => {
    if (!sso) return notConfigured(reply);
    try {
      const { url, flow } = await sso.start();
      setCookie(reply, sso, flowCookie, flow, { path: '/oauth2', maxAge: 600, httpOnly: true });
      return reply.redirect(url, 302);
    } catch (error) {
      app.log.warn(`single sign-on: the provider could not be reached: ${(error as Error).message}`);
      return text(reply, 502, `The sign-in provider could not be reached: ${(error as Error).message}`);
    }
  });
  app.get('/oauth2/redirect', async (request, reply) => {
    if (!sso) return notConfigured(reply);
    const query = request.url.slice(request.url.indexOf('?') + 1);
    try {
      const session = await sso.finish(
        request.url.includes('?') ? query : '',
        cookieOf(request.headers.cookie, flowCookie),
      );
      setCookie(reply, sso, flowCookie, '', { path: '/oauth2', maxAge: 0, httpOnly: true });
      // The UI keeps its credentials in this cookie and clears it to sign out, so it is readable.
      setCookie(reply, sso, 'authorization', encodeURIComponent(`Bearer ${session}`), {
        path: '/',
        // Dropped by the browser a minute before the session expires, so no stale cookie is sent.
        maxAge: sessionSeconds - 60,
        httpOnly: false,
      });
      return reply.redirect('/', 302);
    } catch (error) {
      const status = error instanceof SsoFlowError ? 400 : 401;
      return text(reply, status, `Single sign-on failed: ${reasonOf(error as Error)}`);
    }
  });
}

/** The message, with the provider's `error` and `error_description` when it gave them. */
function reasonOf(error: Error & { error?: unknown; error_description?: unknown }): string {
  const code = typeof error.error === 'string' ? error.error : undefined;
  const description = typeof error.error_description === 'string' ? `: ${error.error_description}` : '';
  return code ? `${error.message} (${code}${description})` : error.message;
}

function notConfigured(reply: FastifyReply) {
  return text(reply, 404, 'Single sign-on is not configured on this server (--auth-mode sso).');
}

function text(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('text/plain; charset=utf-8').send(`${message}\n`);
}

function setCookie(
  reply: FastifyReply,
  sso: SsoService,
  name: string,
  value: string,
  options: { path: string; maxAge: number; httpOnly: boolean },
): void {
  const attributes = [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAge}`,
    'SameSite=Lax',
  ];
  if (options.httpOnly) attributes.push('HttpOnly');
  if (sso.secureCookies) attributes.push('Secure');
  const previous = reply.getHeader('set-cookie');
  const cookies = previous === undefined ? [] : [previous].flat().map(String);
  reply.header('set-cookie', [...cookies, attributes.join('; ')]);
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
