import { describe, expect, it } from 'vitest';
import { printedCertificates } from '~/domain/certificates/render.server';
import { TEMPLATE_VERSION } from '~/domain/certificates/template';
import { competencySnapshot } from '../support/certificate-snapshots';

/**
 * Printed in a server's own thread (no PDF workers), a cohort's certificates must not hold
 * up its other requests for the whole print: the thread turns to other work between them,
 * even when the snapshots are already in memory (read 50 to a statement).
 */
describe('printedCertificates', () => {
  it('lets the event loop run between certificates', async () => {
    const COUNT = 12;
    async function* inMemory() {
      for (let n = 1; n <= COUNT; n++) yield { snapshot: competencySnapshot(n), templateVersion: TEMPLATE_VERSION };
    }
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const pdf = await printedCertificates(inMemory(), { title: 'Cetak', createdAt: new Date('2026-11-30T02:00:00Z'), publicUrl: 'https://kompeten.example.go.id' });
    ticking = false;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A timer got its turn about once per certificate (each takes milliseconds to draw).
    expect(turns).toBeGreaterThanOrEqual(COUNT - 2);
  });
});
