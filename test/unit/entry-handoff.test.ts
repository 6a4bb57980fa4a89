import { describe, expect, it } from 'vitest';
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
