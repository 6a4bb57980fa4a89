import { describe, expect, it } from 'vitest';
import { pageOf, parseListParams } from '~/lib/list-params';

const SORTS = ['name', 'starts', 'status'] as const;
const parse = (query: string, options: Partial<Parameters<typeof parseListParams<(typeof SORTS)[number]>>[1]> = {}) =>
  parseListParams(new URLSearchParams(query), { sortKeys: SORTS, defaultSort: 'name', ...options });

describe('parseListParams', () => {
  it('reads page, size, sort and direction from the query string', () => {
    expect(parse('page=3&size=50&sort=starts&dir=desc')).toEqual({ page: 3, pageSize: 50, sort: 'starts', dir: 'desc', offset: 100 });
  });

  it('falls back to the defaults when a value is missing', () => {
    expect(parse('')).toEqual({ page: 1, pageSize: 25, sort: 'name', dir: 'asc', offset: 0 });
    expect(parse('', { pageSize: 50, defaultDir: 'desc', defaultSort: 'status' })).toEqual({ page: 1, pageSize: 50, sort: 'status', dir: 'desc', offset: 0 });
  });

  it('ignores a bad value rather than failing the page', () => {
    for (const page of ['0', '-2', '1.5', 'abc', '', '%20']) expect(parse(`page=${page}`).page).toBe(1);
    for (const size of ['0', '201', '2.5', 'x']) expect(parse(`size=${size}`).pageSize).toBe(25);
    expect(parse('sort=password').sort).toBe('name');
    expect(parse('sort=toString').sort).toBe('name');
    expect(parse('dir=sideways').dir).toBe('asc');
  });

  it('reads numbers as a form field does', () => {
    expect(parse('page=%203%20&size=1e1')).toMatchObject({ page: 3, pageSize: 10, offset: 20 });
  });

  it('caps the page size at the list’s maximum', () => {
    expect(parse('size=200').pageSize).toBe(200);
    expect(parse('size=120', { maxPageSize: 100 }).pageSize).toBe(25);
    expect(parse('size=100', { maxPageSize: 100 }).pageSize).toBe(100);
  });
});

describe('pageOf', () => {
  it('counts the pages, at least one', () => {
    expect(pageOf([], 0, { page: 1, pageSize: 25 }).pages).toBe(1);
    expect(pageOf([1], 51, { page: 3, pageSize: 25 })).toMatchObject({ pages: 3, total: 51, page: 3 });
  });
});
