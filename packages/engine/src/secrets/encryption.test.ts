import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSecretKey, keyringOf, openData, SecretKeyError, sealData } from './encryption.js';
import { loadKeyring, secretKeyPathOf } from './key-file.js';

describe('secret encryption', () => {
  it('opens what it sealed and never stores the value in clear', () => {
    const keyring = keyringOf([generateSecretKey()]);
    const sealed = sealData(keyring, 'ns/creds', { password: 'hunter22' });
    expect(JSON.stringify(sealed)).not.toContain('hunter22');
    expect(openData(keyring, 'ns/creds', sealed)).toEqual({ password: 'hunter22' });
  });

  it('refuses another key, another identity and tampered data', () => {
    const keyring = keyringOf([generateSecretKey()]);
    const sealed = sealData(keyring, 'ns/a', { k: 'value' });
    expect(() => openData(keyringOf([generateSecretKey()]), 'ns/a', sealed)).toThrow(SecretKeyError);
    expect(() => openData(keyring, 'ns/b', sealed)).toThrow(/does not open/);
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openData(keyring, 'ns/a', { ...sealed, ciphertext: flipped.toString('base64') })).toThrow(
      SecretKeyError,
    );
  });

  it('opens data sealed by a previous key of the ring', () => {
    const old = generateSecretKey();
    const sealed = sealData(keyringOf([old]), 'ns/a', { k: 'value' });
    expect(openData(keyringOf([generateSecretKey(), old]), 'ns/a', sealed)).toEqual({ k: 'value' });
  });
});

describe('secret key file', () => {
  it('is created with mode 0600 on first load and read back the same afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-key-'));
    const first = loadKeyring(dir, {});
    expect(first.created).toBe(true);
    expect(statSync(secretKeyPathOf(dir)).mode & 0o777).toBe(0o600);
    const again = loadKeyring(dir, {});
    expect(again.created).toBe(false);
    expect(again.keyring.currentId).toBe(first.keyring.currentId);
  });

  it('prefers WEFT_SECRET_KEY and refuses a key of the wrong size naming the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-key-'));
    const key = generateSecretKey().toString('base64');
    expect(loadKeyring(dir, { WEFT_SECRET_KEY: key }).source).toBe('WEFT_SECRET_KEY');
    expect(() => loadKeyring(dir, { WEFT_SECRET_KEY: 'short' })).toThrow(/^WEFT_SECRET_KEY: /);
  });

  it('refuses a key file others can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-key-'));
    writeFileSync(secretKeyPathOf(dir), `${generateSecretKey().toString('base64')}\n`, { mode: 0o644 });
    expect(() => loadKeyring(dir, {})).toThrow(/chmod 600/);
    expect(readFileSync(secretKeyPathOf(dir), 'utf8')).toMatch(/^\S+\n$/);
  });
});
