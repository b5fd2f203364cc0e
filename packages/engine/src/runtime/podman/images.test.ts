import { describe, expect, it } from 'vitest';
import {
  localImageAliases,
  normalizeReference,
  parseImageAliases,
  repositoryOf,
  resolveImage,
} from './images.js';

describe('image aliases', () => {
  it('maps an exact reference before its repository, with Docker Hub prefixes removed', () => {
    const aliases = { alpine: 'local/any-alpine', 'alpine:3.23': 'local/alpine-3.23' };
    expect(resolveImage('docker.io/library/alpine:3.23', aliases)).toEqual({
      image: 'local/alpine-3.23',
      aliased: true,
    });
    expect(resolveImage('alpine:3.19', aliases)).toEqual({ image: 'local/any-alpine', aliased: true });
    expect(resolveImage('ubuntu', aliases)).toEqual({ image: 'ubuntu', aliased: false });
  });

  it('reads FROM=TO entries and expands "local" to the images the setup script builds', () => {
    const table = parseImageAliases(['local', 'docker.io/node:20=localhost/my-node']);
    expect(table).toEqual({ ...localImageAliases, 'node:20': 'localhost/my-node' });
    expect(resolveImage('argoproj/argosay:v2', localImageAliases).image).toBe(
      'localhost/weft/argosay:latest',
    );
  });

  it('rejects an entry that is not FROM=TO, naming it', () => {
    expect(parseImageAliases(['alpine'])).toMatch(/"alpine" is not FROM=TO/);
    expect(parseImageAliases(['=x'])).toMatch(/"=x"/);
  });

  it('splits repositories from tags and digests, keeping registry ports', () => {
    expect(repositoryOf('host:5000/a/b:1')).toBe('host:5000/a/b');
    expect(repositoryOf('a/b@sha256:abc')).toBe('a/b');
    expect(normalizeReference('index.docker.io/argoproj/argosay:v2')).toBe('argoproj/argosay:v2');
  });
});
