import { describe, expect, it } from 'vitest';
import { parseServerOptions, ServerUsageError } from '../options.js';

describe('--auth-mode', () => {
  it('defaults to server on loopback and to client elsewhere', () => {
    expect(parseServerOptions([], {})).toMatchObject({ authMode: 'server', host: '127.0.0.1' });
    expect(parseServerOptions(['--host', '0.0.0.0'], {})).toMatchObject({ authMode: 'client' });
    expect(parseServerOptions([], { WEFT_AUTH_MODE: 'client' })).toMatchObject({ authMode: 'client' });
  });

  it('refuses server mode (no authentication) on an address others can reach', () => {
    expect(() => parseServerOptions(['--host', '0.0.0.0', '--auth-mode', 'server'], {})).toThrow(
      /only allowed on a loopback --host, not "0.0.0.0"/,
    );
  });

  it('names unknown modes', () => {
    expect(() => parseServerOptions(['--auth-mode', 'ldap'], {})).toThrow(
      /"ldap" is not one of server, client, sso/,
    );
  });
});

describe('--auth-mode sso', () => {
  const env = {
    WEFT_AUTH_MODE: 'sso',
    WEFT_SSO_ISSUER: 'https://id.example.com/realms/x',
    WEFT_SSO_CLIENT_ID: 'weft',
    WEFT_SSO_CLIENT_SECRET_FILE: '/etc/weft/client-secret',
    WEFT_SSO_REDIRECT_URL: 'https://weft.example.com/oauth2/redirect',
    WEFT_SSO_ROLE_MAP: 'ops=*:admin, devs=team-a:runner,devs=team-b:viewer',
  };

  it('takes its settings from the environment, and flags over it', () => {
    expect(parseServerOptions([], env)).toMatchObject({
      authMode: 'sso',
      sso: {
        issuer: env.WEFT_SSO_ISSUER,
        clientId: 'weft',
        groupsClaim: 'groups',
        roleMap: {
          ops: [{ namespace: '*', role: 'admin' }],
          devs: [
            { namespace: 'team-a', role: 'runner' },
            { namespace: 'team-b', role: 'viewer' },
          ],
        },
      },
    });
    const flags = [
      '--sso-groups-claim',
      'roles',
      '--sso-role-map',
      'a=x:editor',
      '--sso-role-map',
      'b=y:viewer',
    ];
    expect(parseServerOptions(flags, env)).toMatchObject({
      sso: {
        groupsClaim: 'roles',
        roleMap: { a: [{ namespace: 'x', role: 'editor' }], b: [{ role: 'viewer' }] },
      },
    });
  });

  it('names the missing or wrong setting', () => {
    for (const [variable, message] of [
      ['WEFT_SSO_ISSUER', /--sso-issuer: is needed with --auth-mode sso \(or WEFT_SSO_ISSUER\)/],
      ['WEFT_SSO_CLIENT_ID', /--sso-client-id: is needed/],
      ['WEFT_SSO_CLIENT_SECRET_FILE', /--sso-client-secret-file: is needed/],
      ['WEFT_SSO_REDIRECT_URL', /--sso-redirect-url: is needed/],
      ['WEFT_SSO_ROLE_MAP', /--sso-role-map: is needed/],
    ] as const)
      expect(() => parseServerOptions([], { ...env, [variable]: '' }), variable).toThrow(message);
    expect(() => parseServerOptions([], { ...env, WEFT_SSO_ISSUER: 'ftp://x' })).toThrow(
      /--sso-issuer: "ftp:\/\/x" is not an http\(s\) URL/,
    );
    for (const entry of [
      'ops',
      'ops=admin',
      '=x:admin',
      'ops=x:owner',
      'ops=Team_A:viewer',
      'ops=x:viewer:y',
    ])
      expect(() => parseServerOptions(['--sso-role-map', entry], env), entry).toThrow(
        new ServerUsageError(
          `--sso-role-map: "${entry}" is not GROUP=NAMESPACE:ROLE (NAMESPACE a namespace or * for every one, ROLE one of viewer, runner, editor, admin)`,
        ),
      );
  });
});
