import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type * as TurboStream from 'turbo-stream';
import { withHandoff } from '~/entry.server';

/** What the browser's script runs: the text handed to the stream, and whether it closed. */
function run(script: string): { enqueued: string[]; closed: boolean } {
  const enqueued: string[] = [];
  let closed = false;
  const window = { __remixContext: { streamController: { enqueue: (text: string) => enqueued.push(text), close: () => (closed = true) } } };
  new Function('window', script)(window);
  return { enqueued, closed };
}

describe('the loader data handed to the browser', () => {
  const page = '<html><head></head><body><main>x</main></body></html>';

  it('goes at the end of <body>, in one script with the nonce, feeding and closing the stream', () => {
    const html = withHandoff(page, '[{"_1":2},"routes/x"]\n', 'abc123');
    expect(html.startsWith('<html><head></head><body><main>x</main><script nonce="abc123">')).toBe(true);
    expect(html.endsWith('</script></body></html>')).toBe(true);
    const script = html.slice(html.indexOf('<script nonce="abc123">') + '<script nonce="abc123">'.length, html.lastIndexOf('</script>'));
    expect(run(script)).toEqual({ enqueued: ['[{"_1":2},"routes/x"]\n'], closed: true });
  });

  it('cannot close its script or start markup, whatever the data holds, and gives the data back exactly', () => {
    const data = 'a</script><script>alert(1)</script><!-- & \u2028 \u2029 "quoted" \\ end';
    const html = withHandoff(page, data, 'n');
    const script = html.slice(html.indexOf('<script nonce="n">') + '<script nonce="n">'.length, html.lastIndexOf('</script>'));
    expect(script).not.toMatch(/[<>&\u2028\u2029]/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(run(script).enqueued).toEqual([data]);
  });
});

/**
 * The loader data is encoded by turbo-stream, which Kompeten patches
 * (patches/turbo-stream*.patch: strings, numbers and booleans written without the per-value
 * stack and closure). The text must stay what the browser's decoder reads.
 */
describe('the loader data as turbo-stream encodes it (patched)', () => {
  // The server loads turbo-stream's CommonJS build (through @remix-run/server-runtime), the
  // one the patch changes; an `import` would get its separate ES module bundle.
  const { decode, encode } = createRequire(import.meta.url)('turbo-stream') as typeof TurboStream;

  async function encoded(value: unknown): Promise<string> {
    return new Response(encode(value)).text();
  }

  it('writes each value once, by index, in the format the browser reads', async () => {
    expect(await encoded({ a: 'x', b: 1, c: true, d: 'x' })).toBe('[{"_1":2,"_3":4,"_5":6,"_7":2},"a","x","b",1,"c",true,"d"]\n');
    expect(await encoded(['é "quoted"\n', 0, false])).toBe('[[1,2,3],"é \\"quoted\\"\\n",0,false]\n');
  });

  it('gives back what a page hands over: nested rows, repeated strings, empty values, special numbers and dates', async () => {
    const data = {
      cohort: { id: 'c1', name: 'Angkatan I', capacity: 25, canManage: true },
      items: [
        { name: 'Wulan', nik: '3375014604820002', place: 1, reason: null, eligibility: { state: 'eligible', percent: 100 } },
        { name: 'Wulan', nik: '3375014604820003', place: 2, reason: undefined, eligibility: null },
      ],
      numbers: [-0, Number.NaN, Number.POSITIVE_INFINITY, 1.5, -7],
      when: new Date('2026-11-12T01:30:00Z'),
      empty: '',
      nothing: [],
    };
    const decoded = await decode(new Response(encode(data)).body!);
    await decoded.done;
    expect(decoded.value).toEqual(data);
    expect(Object.is((decoded.value as typeof data).numbers[0], -0)).toBe(true);
  });
});
