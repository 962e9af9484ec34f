import { describe, expect, it } from 'vitest';
import { applyMergePatch, diffFields } from './merge-patch.ts';

describe('applyMergePatch (RFC 7396)', () => {
  it('replaces values, merges nested objects and removes keys set to null', () => {
    const target = { a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2] };
    expect(applyMergePatch(target, { a: 'z', c: { f: null, h: 1 }, list: [3] })).toEqual({ a: 'z', c: { d: 'e', h: 1 }, list: [3] });
  });

  it('follows the examples of RFC 7396 appendix A', () => {
    expect(applyMergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(applyMergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(applyMergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch([1, 2], { a: 'b', c: null })).toEqual({ a: 'b' });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it('does not modify its inputs', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: [1] } };
    applyMergePatch(target, patch);
    expect(target).toEqual({ a: { b: 1 } });
    expect(patch).toEqual({ a: { c: [1] } });
  });
});

describe('diffFields', () => {
  it('lists the top-level fields that changed, treating absent as null', () => {
    expect(diffFields({ a: 1, b: [1], c: null }, { a: 1, b: [1, 2], d: 'x' })).toEqual([
      { field: 'b', from: [1], to: [1, 2] },
      { field: 'd', from: null, to: 'x' },
    ]);
    expect(diffFields({ a: { x: 1 } }, { a: { x: 1 } })).toEqual([]);
  });
});
