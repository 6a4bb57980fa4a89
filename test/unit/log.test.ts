import { personalDataIn } from '../support/server-process';
import { describe, expect, it } from 'vitest';
import { normalizeIp } from '~/lib/auth-cookie.server';
import { errorFields, scrub } from '~/lib/log.server';
import { requestIdOf } from '~/server/request-log';

describe('the log keeps personal data out', () => {
  it('masks e-mail addresses and 16-digit numbers in a text', () => {
    expect(scrub('550 5.1.1 <dewi.kartika@contoh.test>: Recipient address rejected')).toBe('550 5.1.1 <[e-mail]>: Recipient address rejected');
    expect(scrub('Key (nik)=(3375014203950007) already exists')).toBe('Key (nik)=([16 digits]) already exists');
    expect(scrub('run 12345 took 33750142039500071 µs')).toBe('run 12345 took 33750142039500071 µs');
  });

  it('keeps an error kind, message, code and stack frames, not its parameters or detail', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "people_nik_key"'), {
      code: '23505',
      detail: 'Key (nik)=(3375014203950007) already exists.',
      parameters: ['3375014203950007', 'Dewi Kartika', 'dewi@contoh.test'],
    });
    const fields = errorFields(error) as { err: { type: string; message: string; code: string; stack: string[] } };
    expect(fields.err).toMatchObject({ type: 'Error', code: '23505', message: error.message });
    expect(fields.err.stack.length).toBeGreaterThan(0);
    expect(JSON.stringify(fields)).not.toMatch(/3375014203950007|Dewi|dewi@contoh/);
  });
});

describe('request ids and client addresses', () => {
  it("takes a proxy's request id only when it looks like one", () => {
    expect(requestIdOf('abc123-def456')).toBe('abc123-def456');
    for (const bad of [undefined, '', 'short', 'x'.repeat(65), 'has space in it', 'a"b<c>d;e=f\u0000g']) {
      expect(requestIdOf(bad), String(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });

  it('writes an IPv4 client one way whether the server listens on IPv4 or IPv6', () => {
    expect(normalizeIp('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(normalizeIp('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeIp('203.0.113.9')).toBe('203.0.113.9');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(normalizeIp(undefined)).toBe('');
  });
});

describe('masking leaves what is not an address alone', () => {
  it('keeps a scoped package path in a stack frame', () => {
    const frame = 'at file:///srv/node_modules/@electric-sql/pglite/dist/chunk-Y6PULSM7.js:1:18272';
    expect(scrub(frame)).toBe(frame);
  });
});

describe("the check every test server's log goes through", () => {
  it('finds the demo logins, any e-mail address and any NIK, and nothing in a clean log', () => {
    expect(personalDataIn('{"level":30,"msg":"serving http://localhost:3000 on port 3000"}')).toEqual([]);
    expect(personalDataIn('{"msg":"sent to koordinator@kompeten.test"}')).toEqual(['koordinator@kompeten.test']);
    expect(personalDataIn('{"msg":"for Sri Wahyuni"}')).toEqual(['Sri Wahyuni']);
    expect(personalDataIn('{"msg":"nik 3375011203880001 and x@y.id"}').sort()).toEqual(['3375011203880001', 'x@y.id']);
  });
});
