import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInRoot } from './outputs.js';

describe('reading a stopped container root', () => {
  it('follows absolute and relative symlinks inside the root, never out of it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'weft-root-'));
    mkdirSync(join(root, 'var', 'tmp'), { recursive: true });
    symlinkSync('/var/tmp', join(root, 'tmp'));
    symlinkSync('../../etc', join(root, 'var', 'up'));
    expect(await resolveInRoot(root, '/tmp/out.txt')).toBe(join(root, 'var', 'tmp', 'out.txt'));
    expect(await resolveInRoot(root, '/var/up/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(await resolveInRoot(root, '/missing/dir/f')).toBe(join(root, 'missing', 'dir', 'f'));
  });
});
