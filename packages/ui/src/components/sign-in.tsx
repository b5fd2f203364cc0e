/**
 * Signing in to a server that wants a token (`--auth-mode client`): the token is kept in the
 * `authorization` cookie (as Argo's UI does), which the browser sends with every request. With
 * `--auth-mode sso` the page also offers single sign-on: /oauth2/login leaves the server's
 * session in the same cookie.
 */
import { useEffect, useState } from 'react';

export const authCookie = 'authorization';

export function hasToken(): boolean {
  return document.cookie.split(';').some((part) => part.trim().startsWith(`${authCookie}=`));
}

export function signOut(): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the server reads this cookie; the Cookie Store API is not in every browser
  document.cookie = `${authCookie}=; path=/; max-age=0; SameSite=Strict`;
  window.location.reload();
}

/** Whether the server offers single sign-on (asked without the cookie, which may be stale). */
function useSsoOffered(): boolean {
  const [offered, setOffered] = useState(false);
  useEffect(() => {
    fetch('/oauth2/info', { credentials: 'omit' })
      .then((response) => (response.ok ? response.json() : { sso: false }))
      .then((info: { sso?: unknown }) => setOffered(info.sso === true))
      .catch(() => setOffered(false));
  }, []);
  return offered;
}

/** The server refuses stale credentials on every route, its sign-in ones too: drop them first. */
function signInWithSso(event: React.MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  // biome-ignore lint/suspicious/noDocumentCookie: the server reads this cookie; the Cookie Store API is not in every browser
  document.cookie = `${authCookie}=; path=/; max-age=0; SameSite=Strict`;
  window.location.assign(event.currentTarget.href);
}

export function SignIn({ rejected }: { readonly rejected: boolean }) {
  const [token, setToken] = useState('');
  const ssoOffered = useSsoOffered();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const value = token.trim().replace(/^Bearer\s+/i, '');
    // biome-ignore lint/suspicious/noDocumentCookie: the server reads this cookie; the Cookie Store API is not in every browser
    document.cookie = `${authCookie}=${encodeURIComponent(`Bearer ${value}`)}; path=/; SameSite=Strict`;
    window.location.reload();
  };
  return (
    <main aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p>
        This server needs a token. The first start of the server writes an administrator's token to{' '}
        <code>&lt;data&gt;/admin.token</code>; more are made with{' '}
        <code>POST /api/v1/tokens/&#123;namespace&#125;</code>.
      </p>
      {rejected && <p role="alert">The server did not accept the token that was given. Sign in again.</p>}
      {ssoOffered && (
        <p>
          <a href="/oauth2/login" className="button primary" onClick={signInWithSso}>
            Sign in with SSO
          </a>{' '}
          or give a token:
        </p>
      )}
      <form onSubmit={submit} className="field">
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          size={60}
        />
        <button type="submit" className="primary" disabled={!token.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
