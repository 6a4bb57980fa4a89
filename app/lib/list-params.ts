import { z } from 'zod';

/**
 * Page, page size and sort order of a list, read from the query string. Every list in
 * the portal pages and sorts on the server, so it works without JavaScript.
 */
export interface ListParams<K extends string> {
  page: number;
  pageSize: number;
  sort: K;
  dir: 'asc' | 'desc';
  offset: number;
}

export function parseListParams<K extends string>(
  searchParams: URLSearchParams,
  options: { sortKeys: readonly K[]; defaultSort: K; defaultDir?: 'asc' | 'desc'; pageSize?: number; maxPageSize?: number },
): ListParams<K> {
  const schema = z.object({
    page: z.coerce.number().int().min(1).catch(1),
    size: z.coerce.number().int().min(1).max(options.maxPageSize ?? 200).catch(options.pageSize ?? 25),
    sort: z.enum(options.sortKeys as unknown as [K, ...K[]]).catch(options.defaultSort),
    dir: z.enum(['asc', 'desc']).catch(options.defaultDir ?? 'asc'),
  });
  const parsed = schema.parse({
    page: searchParams.get('page') ?? undefined,
    size: searchParams.get('size') ?? undefined,
    sort: searchParams.get('sort') ?? undefined,
    dir: searchParams.get('dir') ?? undefined,
  });
  return { page: parsed.page, pageSize: parsed.size, sort: parsed.sort, dir: parsed.dir, offset: (parsed.page - 1) * parsed.size };
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export function pageOf<T>(items: T[], total: number, params: { page: number; pageSize: number }): Page<T> {
  return { items, total, page: params.page, pageSize: params.pageSize, pages: Math.max(1, Math.ceil(total / params.pageSize)) };
}
