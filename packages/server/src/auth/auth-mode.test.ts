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

  it('says sso is not available yet and names unknown modes', () => {
    expect(() => parseServerOptions(['--auth-mode', 'sso'], {})).toThrow(ServerUsageError);
    expect(() => parseServerOptions(['--auth-mode', 'ldap'], {})).toThrow(
      /"ldap" is not one of server, client/,
    );
  });
});
