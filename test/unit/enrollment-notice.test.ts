import { describe, expect, it } from 'vitest';
import { whatsappLink, whatsappNumber } from '~/domain/enrollment/notice';

describe('WhatsApp notices for people without e-mail', () => {
  it('turns Indonesian numbers into wa.me numbers', () => {
    expect(whatsappNumber('0812-3456-7890')).toBe('6281234567890');
    expect(whatsappNumber('+62 812 3456 7890')).toBe('6281234567890');
    expect(whatsappNumber('812 3456 7890')).toBe('6281234567890');
    expect(whatsappNumber('(0285) 42')).toBeNull();
    expect(whatsappNumber(null)).toBeNull();
  });

  it('links to the number when known, otherwise lets the sender choose; the message is URL-encoded', () => {
    expect(whatsappLink('081234567890', 'Yth. Siti & co: ditolak?')).toBe('https://wa.me/6281234567890?text=Yth.%20Siti%20%26%20co%3A%20ditolak%3F');
    expect(whatsappLink(null, 'Halo')).toBe('https://wa.me/?text=Halo');
  });
});
