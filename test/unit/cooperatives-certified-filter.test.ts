import { describe, expect, it } from 'vitest';
import { parseRegistryFilters } from '~/domain/cooperatives/filters';

describe('the registry’s "certified holder of position" filter from the query string', () => {
  const parse = (query: string) => parseRegistryFilters(new URLSearchParams(query));

  it('reads the position and "has" (1) or "has not" (0); "has" when the link does not say', () => {
    expect(parse('certified=Kepala+Bagian+Pembiayaan&certifiedHas=0')).toMatchObject({ certified: 'Kepala Bagian Pembiayaan', certifiedHas: false });
    expect(parse('certified=Manajer&certifiedHas=1')).toMatchObject({ certified: 'Manajer', certifiedHas: true });
    expect(parse('certified=Manajer')).toMatchObject({ certified: 'Manajer', certifiedHas: true });
  });

  it('ignores "has" without a position, and anything malformed', () => {
    expect(parse('certifiedHas=0')).not.toHaveProperty('certified');
    expect(parse('certifiedHas=0')).not.toHaveProperty('certifiedHas');
    expect(parse('certified=%20%20&certifiedHas=0')).not.toHaveProperty('certified');
    expect(parse(`certified=${'x'.repeat(200)}`)).not.toHaveProperty('certified');
    expect(parse('certified=Kasir&certifiedHas=maybe')).toMatchObject({ certified: 'Kasir', certifiedHas: true });
  });
});
