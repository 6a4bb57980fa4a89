import { describe, expect, it } from 'vitest';
import { isCurrentSection, navFor } from '~/components/navigation';

describe('the menu marks the current section', () => {
  it('marks home only on the home page', () => {
    expect(isCurrentSection('/', '/')).toBe(true);
    expect(isCurrentSection('/', '/cohorts')).toBe(false);
  });

  it('marks an item on its own path, with or without a trailing slash, and below it', () => {
    expect(isCurrentSection('/cohorts', '/cohorts')).toBe(true);
    expect(isCurrentSection('/cohorts', '/cohorts/')).toBe(true);
    expect(isCurrentSection('/cohorts', '/cohorts/0c6c1c1e-1b1a-4b5e-9f3e-2d1b7a6f4c11/participants')).toBe(true);
  });

  it('does not mark an item whose path is only a prefix of the segment', () => {
    expect(isCurrentSection('/users', '/userspace')).toBe(false);
    expect(isCurrentSection('/programs', '/cohorts')).toBe(false);
  });

  it("on a coordinator's participants page, only the cohorts item is current", () => {
    const current = navFor(['coordinator'])
      .filter((item) => isCurrentSection(item.to, '/cohorts/x/participants'))
      .map((item) => item.to);
    expect(current).toEqual(['/cohorts']);
  });
});
