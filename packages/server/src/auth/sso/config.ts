/**
 * `--auth-mode sso` settings (each flag also from its WEFT_SSO_* variable):
 *
 *   --sso-issuer URL               the OpenID Connect provider (its /.well-known/openid-configuration)
 *   --sso-client-id ID             this server's client at the provider
 *   --sso-client-secret-file F     the client's secret (read at start)
 *   --sso-redirect-url URL         https://weft.example/oauth2/redirect, as registered at the provider
 *   --sso-groups-claim NAME        the ID token's claim listing the user's groups (default groups)
 *   --sso-role-map G=NS:ROLE,…     which namespace roles each group grants (role-map.ts)
 */
import { parseRoleMap, type RoleMap } from './role-map.js';

export interface SsoOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretFile: string;
  readonly redirectUrl: string;
  readonly groupsClaim: string;
  readonly roleMap: RoleMap;
}

export const ssoFlags = {
  'sso-issuer': 'WEFT_SSO_ISSUER',
  'sso-client-id': 'WEFT_SSO_CLIENT_ID',
  'sso-client-secret-file': 'WEFT_SSO_CLIENT_SECRET_FILE',
  'sso-redirect-url': 'WEFT_SSO_REDIRECT_URL',
  'sso-groups-claim': 'WEFT_SSO_GROUPS_CLAIM',
} as const;

type Flag = keyof typeof ssoFlags | 'sso-role-map';

/** The settings from flag or variable values (`value(flag)`); an Error naming the flag when wrong. */
export function parseSsoOptions(
  value: (flag: keyof typeof ssoFlags) => string | undefined,
  roleMapEntries: readonly string[] | undefined,
): SsoOptions {
  const required = (flag: keyof typeof ssoFlags) => {
    const text = value(flag)?.trim();
    if (!text) throw new SsoUsageError(flag, `is needed with --auth-mode sso (or ${ssoFlags[flag]})`);
    return text;
  };
  const issuer = httpUrl('sso-issuer', required('sso-issuer'));
  const redirectUrl = httpUrl('sso-redirect-url', required('sso-redirect-url'));
  if (!roleMapEntries?.some((entry) => entry.trim()))
    throw new SsoUsageError('sso-role-map', 'is needed with --auth-mode sso (or WEFT_SSO_ROLE_MAP)');
  let roleMap: RoleMap;
  try {
    roleMap = parseRoleMap(roleMapEntries);
  } catch (error) {
    throw new SsoUsageError('sso-role-map', (error as Error).message);
  }
  return {
    issuer,
    clientId: required('sso-client-id'),
    clientSecretFile: required('sso-client-secret-file'),
    redirectUrl,
    groupsClaim: value('sso-groups-claim')?.trim() || 'groups',
    roleMap,
  };
}

export class SsoUsageError extends Error {
  constructor(flag: Flag, problem: string) {
    super(`--${flag}: ${problem}`);
  }
}

function httpUrl(flag: Flag, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SsoUsageError(flag, `"${text}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new SsoUsageError(flag, `"${text}" is not an http(s) URL`);
  return text;
}
