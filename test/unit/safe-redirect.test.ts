import { describe, expect, it } from 'vitest';
import { safeRedirect } from '~/lib/redirects';

/** Known ways to turn a "relative" redirect into another site (OWASP, browsers' URL parsing). */
const BYPASSES = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\t\\evil.example',
  '/%09/evil.example'.replace('%09', '\t'),
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/\u0000/evil.example',
  'https://evil.example',
  'http:evil.example',
  'javascript:alert(1)',
  'data:text/html,hi',
  ' /evil',
  'evil.example',
  '',
  '/ /evil.example'.replace(' ', '\u000b'),
];

describe('safeRedirect', () => {
  it.each(BYPASSES)('refuses %j and falls back', (to) => {
    expect(safeRedirect(to, '/home')).toBe('/home');
  });

  it('keeps paths on this site with their query and fragment', () => {
    expect(safeRedirect('/cohorts/abc?tab=2#sessions')).toBe('/cohorts/abc?tab=2#sessions');
    expect(safeRedirect('/my/cohorts')).toBe('/my/cohorts');
  });

  it('an encoded slash stays a path on this site', () => {
    const to = safeRedirect('/%2F%2Fevil.example');
    expect(new URL(to, 'https://kompeten.example').host).toBe('kompeten.example');
  });

  it('refuses non-strings', () => {
    expect(safeRedirect(null)).toBe('/');
    expect(safeRedirect(undefined, '/x')).toBe('/x');
  });
});
