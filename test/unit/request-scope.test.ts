import { describe, expect, it } from 'vitest';
import { oncePerRequest, withRequestScope } from '~/lib/request-scope.server';

function counting() {
  let calls = 0;
  return { load: () => Promise.resolve(++calls), calls: () => calls };
}

describe('oncePerRequest', () => {
  it('loads once per key within a reading request, and again in the next one', async () => {
    const actor = counting();
    const first = await withRequestScope('GET', () => Promise.all([oncePerRequest('a', actor.load), oncePerRequest('a', actor.load)]));
    expect(first).toEqual([1, 1]);
    expect(await withRequestScope('HEAD', () => oncePerRequest('a', actor.load))).toBe(2);
    expect(await withRequestScope('GET', () => oncePerRequest('b', actor.load))).toBe(3);
    expect(actor.calls()).toBe(3);
  });

  it('remembers nothing in a writing request, whose action may change what its loaders see', async () => {
    const actor = counting();
    const reads = await withRequestScope('POST', async () => [await oncePerRequest('a', actor.load), await oncePerRequest('a', actor.load)]);
    expect(reads).toEqual([1, 2]);
  });

  it('remembers nothing outside a request', async () => {
    const actor = counting();
    expect([await oncePerRequest('a', actor.load), await oncePerRequest('a', actor.load)]).toEqual([1, 2]);
  });

  it('does not remember a failed read', async () => {
    let calls = 0;
    const flaky = () => (++calls === 1 ? Promise.reject(new Error('connection lost')) : Promise.resolve(calls));
    const result = await withRequestScope('GET', async () => {
      await expect(oncePerRequest('a', flaky)).rejects.toThrow('connection lost');
      return oncePerRequest('a', flaky);
    });
    expect(result).toBe(2);
  });
});
