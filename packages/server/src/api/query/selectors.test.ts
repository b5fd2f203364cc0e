import type { StoredObject } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { parseSelectors } from './selectors.js';

function object(name: string, labels: Record<string, string>, namespace = 'argo'): StoredObject {
  return {
    kind: 'Workflow',
    metadata: { name, namespace, labels, uid: name, resourceVersion: '1', creationTimestamp: '' },
  };
}

describe('parseSelectors', () => {
  it('passes equality clauses to the store and checks set-based ones here', () => {
    const selector = parseSelectors('team=x, tier in (a,b), env notin (prod)', undefined);
    expect(selector.storeLabelSelector).toBe('team=x');
    expect(selector.filtersHere).toBe(true);
    expect(selector.matches(object('w', { tier: 'a', env: 'dev' }))).toBe(true);
    expect(selector.matches(object('w', { tier: 'c' }))).toBe(false);
    expect(selector.matches(object('w', { tier: 'b', env: 'prod' }))).toBe(false);
  });

  it('checks every clause for objects from the events hub', () => {
    const selector = parseSelectors('team=x,!legacy,owner', undefined);
    expect(selector.matchesAll(object('w', { team: 'x', owner: 'me' }))).toBe(true);
    expect(selector.matchesAll(object('w', { team: 'y', owner: 'me' }))).toBe(false);
    expect(selector.matchesAll(object('w', { team: 'x', owner: 'me', legacy: '' }))).toBe(false);
    expect(selector.matchesAll(object('w', { team: 'x' }))).toBe(false);
  });

  it('turns a one-value in into an equality the store evaluates', () => {
    const selector = parseSelectors('phase in (Running)', undefined);
    expect(selector.storeLabelSelector).toBe('phase=Running');
    expect(selector.filtersHere).toBe(false);
  });

  it('reads metadata.name and metadata.namespace field selectors', () => {
    const selector = parseSelectors(undefined, 'metadata.name=w,metadata.namespace!=kube-system');
    expect(selector.name).toBe('w');
    expect(selector.matches(object('w', {}))).toBe(true);
    expect(selector.matches(object('w', {}, 'kube-system'))).toBe(false);
    expect(selector.matches(object('v', {}))).toBe(false);
  });

  it('names the parameter of a selector it cannot read', () => {
    expect(() => parseSelectors('a in (x', undefined)).toThrow(/cannot parse/);
    expect(() => parseSelectors('a in (x,)', undefined)).toThrow(/empty value/);
    expect(() => parseSelectors('bad key=x', undefined)).toThrow(/invalid label key/);
    expect(() => parseSelectors(undefined, 'spec.x=1')).toThrow(/unsupported requirement "spec\.x=1"/);
  });
});
