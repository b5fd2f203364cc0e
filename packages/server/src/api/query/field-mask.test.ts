import { describe, expect, it } from 'vitest';
import { FieldMask } from './field-mask.js';

const list = {
  metadata: { resourceVersion: '7', continue: 'x' },
  items: [
    { metadata: { name: 'a', uid: '1' }, status: { phase: 'Running', nodes: { a: {} } } },
    { metadata: { name: 'b', uid: '2' }, status: { phase: 'Failed' } },
  ],
};

describe('FieldMask', () => {
  it('keeps only the listed paths, through arrays', () => {
    const mask = FieldMask.parse('metadata.continue,items.metadata.name,items.status.phase');
    expect(mask?.apply(list)).toEqual({
      metadata: { continue: 'x' },
      items: [
        { metadata: { name: 'a' }, status: { phase: 'Running' } },
        { metadata: { name: 'b' }, status: { phase: 'Failed' } },
      ],
    });
  });

  it('keeps a whole subtree when its parent is listed', () => {
    expect(FieldMask.parse('metadata')?.apply(list)).toEqual({ metadata: list.metadata });
  });

  it('drops the listed paths after a leading minus', () => {
    const masked = FieldMask.parse('-items.status.nodes,metadata')?.apply(list);
    expect(masked).toEqual({
      items: [
        { metadata: { name: 'a', uid: '1' }, status: { phase: 'Running' } },
        { metadata: { name: 'b', uid: '2' }, status: { phase: 'Failed' } },
      ],
    });
  });

  it('tells whether a path is left out, as argo-server’s WillExclude', () => {
    expect(FieldMask.parse('items.status.phase')?.willExclude('items.status.nodes')).toBe(true);
    expect(FieldMask.parse('items.status')?.willExclude('items.status.nodes')).toBe(false);
    expect(FieldMask.parse('-items.status.nodes')?.willExclude('items.status.nodes')).toBe(true);
    expect(FieldMask.parse('-items.spec')?.willExclude('items.status.nodes')).toBe(false);
    expect(
      FieldMask.parse('result.object.status.phase')
        ?.withoutPrefix('result.object.')
        .willExclude('status.nodes'),
    ).toBe(true);
  });

  it('is absent when no fields are given', () => {
    expect(FieldMask.parse(undefined)).toBeUndefined();
    expect(FieldMask.parse('')).toBeUndefined();
  });
});
