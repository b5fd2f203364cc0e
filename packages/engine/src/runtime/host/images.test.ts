import { describe, expect, it } from 'vitest';
import { containerArgv, executableCandidates, normalizeImage } from './images.js';

describe('image defaults', () => {
  it('runs command followed by args when a command is given', () => {
    expect(
      containerArgv({ name: 'c', image: 'argoproj/argosay:v2', command: ['sh', '-c'], args: ['echo'] }),
    ).toEqual(['sh', '-c', 'echo']);
  });

  it('appends args to the argosay entrypoint', () => {
    expect(containerArgv({ name: 'c', image: 'argoproj/argosay:v2', args: ['echo', 'hi'] })).toEqual([
      'argosay',
      'echo',
      'hi',
    ]);
    expect(containerArgv({ name: 'c', image: 'docker.io/argoproj/argosay:v2' })).toEqual(['argosay']);
  });

  it('runs args as the command for images without an entrypoint, else their default shell or interpreter', () => {
    expect(containerArgv({ name: 'c', image: 'busybox', args: ['echo', 'hi'] })).toEqual(['echo', 'hi']);
    expect(containerArgv({ name: 'c', image: 'alpine:3.23' })).toEqual(['sh']);
    expect(containerArgv({ name: 'c', image: 'docker.io/library/python:alpine3.23' })).toEqual(['python3']);
    expect(containerArgv({ name: 'c', image: 'node:20' })).toEqual(['node']);
    expect(containerArgv({ name: 'c', image: 'nginx:1.13' })).toEqual([]);
  });

  it('strips registries and the library prefix from image names', () => {
    expect(normalizeImage('quay.io/argoproj/argosay:v2')).toBe('argoproj/argosay:v2');
    expect(normalizeImage('localhost:5000/library/alpine')).toBe('alpine');
    expect(normalizeImage('ubuntu')).toBe('ubuntu');
  });
});

describe('executable lookup', () => {
  it('searches PATH in order and falls back from python to python3', () => {
    expect(executableCandidates('python', { path: '/usr/local/bin:/usr/bin', cwd: '/' })).toEqual([
      '/usr/local/bin/python',
      '/usr/bin/python',
      '/usr/local/bin/python3',
      '/usr/bin/python3',
    ]);
  });

  it('resolves relative paths against the working directory', () => {
    expect(executableCandidates('./run.sh', { path: '/bin', cwd: '/work/' })).toEqual(['/work/./run.sh']);
  });
});
