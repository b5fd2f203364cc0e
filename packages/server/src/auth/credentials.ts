/**
 * Where a request's token is: `Authorization: Bearer <token>`, else the `authorization` cookie the
 * Argo UI sets (`Bearer <token>`, possibly URL-encoded, or the bare token).
 *
 *   absent                       → anonymous (401 unless the route is public)
 *   "Bearer", "Bearer ", "Basic x", "Bearer a b" → malformed (401 everywhere, public routes too)
 */
export type Credentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed'; readonly reason: string }
  | { readonly kind: 'bearer'; readonly token: string };

const bearer = /^Bearer ([!-~]+)$/;

export function credentialsOf(headers: Readonly<Record<string, string | string[] | undefined>>): Credentials {
  const header = headers.authorization;
  if (Array.isArray(header)) return { kind: 'malformed', reason: 'more than one Authorization header' };
  if (header !== undefined) return parseBearer(header, 'Authorization header');
  const cookie = cookieValue(headers.cookie, 'authorization');
  if (cookie === undefined) return { kind: 'none' };
  let decoded = cookie;
  try {
    decoded = decodeURIComponent(cookie);
  } catch {
    return { kind: 'malformed', reason: 'authorization cookie is not URL-encoded text' };
  }
  return parseBearer(decoded.startsWith('Bearer') ? decoded : `Bearer ${decoded}`, 'authorization cookie');
}

function parseBearer(text: string, where: string): Credentials {
  const match = bearer.exec(text.trim());
  if (!match?.[1]) return { kind: 'malformed', reason: `${where} is not "Bearer <token>"` };
  return { kind: 'bearer', token: match[1] };
}

function cookieValue(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return undefined;
  for (const part of text.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name)
      return part
        .slice(at + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}
