import { describe, expect, it } from 'vitest';
import { educationLabel, educationOf } from '~/domain/cooperatives/education';

describe('educationOf', () => {
  it.each([
    ['S1', 'S1'], ['S-1', 'S1'], ['s.1', 'S1'], ['Sarjana', 'S1'], ['S1 Akuntansi', 'S1'], ['Sarjana Ekonomi', 'S1'], ['Strata 1', 'S1'],
    ['D-III', 'D3'], ['D III Perbankan', 'D3'], ['Diploma III', 'D3'], ['D4', 'D4'], ['Sarjana Terapan', 'D4'],
    ['SLTA', 'SMA'], ['SMA/SMK', 'SMA'], ['SMK Negeri 1', 'SMA'], ['SMU', 'SMA'], ['SLTP', 'SMP'], ['MTs', 'SMP'], ['SD', 'SD'],
    ['Magister', 'S2'], ['S-2', 'S2'], ['Doktor', 'S3'],
  ])('reads %s as %s', (written, level) => {
    expect(educationOf(written)).toBe(level);
  });

  it('names no level for anything else', () => {
    for (const written of ['Kursus menjahit', 'S5', 'lulus', 'D5']) expect(educationOf(written), written).toBeNull();
  });

  it('labels codes the BNSP way', () => {
    expect(educationLabel('SMA')).toBe('SMA/SMK');
    expect(educationLabel('S1')).toBe('S1');
    expect(educationLabel(null)).toBeNull();
  });
});
