import { describe, expect, it } from 'vitest';
import { sendsScripts } from '~/components/hydration';

describe('sendsScripts', () => {
  it('keeps the scripts unless a matched route says hydrate: false', () => {
    expect(sendsScripts([undefined, { breadcrumb: 'x' }, null])).toBe(true);
    expect(sendsScripts([])).toBe(true);
    expect(sendsScripts([undefined, { hydrate: false }])).toBe(false);
    // Only false itself leaves them out: a missing or other value keeps them.
    expect(sendsScripts([{ hydrate: 0 }, { hydrate: 'false' }, { hydrate: true }])).toBe(true);
  });
});
