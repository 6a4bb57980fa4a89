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

/**
 * What else Kompeten patches in Remix's server runtime (patches/@remix-run+server-runtime*):
 * nothing of a finished request may stay reachable. The server loads the CommonJS build.
 */
describe('a finished request leaves nothing behind (patched server runtime)', () => {
  const require = createRequire(import.meta.url);
  const singleFetch = require('@remix-run/server-runtime/dist/single-fetch.js') as {
    encodeViaTurboStream(data: unknown, signal: AbortSignal, streamTimeout: number, serverMode: string): ReadableStream<Uint8Array>;
  };
  const data = require('@remix-run/server-runtime/dist/data.js') as {
    callRouteLoader(args: { loadContext: unknown; loader: (args: { request: Request }) => unknown; params: object; request: Request; routeId: string; singleFetch: boolean }): Promise<unknown>;
  };
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

  it('clears the stream timeout once the loader data is encoded, not only when the request is aborted', async () => {
    const before = timers();
    const stream = singleFetch.encodeViaTurboStream({ rows: [{ name: 'Wulan' }] }, new AbortController().signal, 10_000, 'production');
    // While the data is being encoded, the timer runs (it ends an encoding that hangs).
    expect(timers()).toBe(before + 1);
    expect(await new Response(stream).text()).toContain('Wulan');
    // Before the patch it ran on for 10 s, holding the data, its encoder and an AbortController.
    expect(timers()).toBe(before);
  });

  it("hands a loader the request itself when there is no parameter of Remix's own to strip", async () => {
    const seen = async (url: string, singleFetch = true) => {
      const request = new Request(url, { signal: new AbortController().signal });
      let given: Request | undefined;
      await data.callRouteLoader({ loadContext: {}, params: {}, routeId: 'r', singleFetch, request, loader: ({ request: r }) => ((given = r), null) });
      return { same: given === request, url: given!.url };
    };
    expect(await seen('http://kompeten.test/cohorts?q=a%20b&page=2')).toEqual({ same: true, url: 'http://kompeten.test/cohorts?q=a%20b&page=2' });
    expect(await seen('http://kompeten.test/cohorts', false)).toEqual({ same: true, url: 'http://kompeten.test/cohorts' });
    // With one, the loader still gets a request without it, as Remix always did.
    expect(await seen('http://kompeten.test/cohorts?index&q=a')).toEqual({ same: false, url: 'http://kompeten.test/cohorts?q=a' });
    expect(await seen('http://kompeten.test/cohorts?_routes=root&q=a')).toEqual({ same: false, url: 'http://kompeten.test/cohorts?q=a' });
    expect(await seen('http://kompeten.test/cohorts?_data=root&q=a', false)).toEqual({ same: false, url: 'http://kompeten.test/cohorts?q=a' });
  });
});
