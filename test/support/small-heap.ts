import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript script in a Node process of its own whose heap is limited to `heapMb`
 * (as the server's is), and gives back what it printed and how it ended: for tests that a
 * piece of work fits in memory, not only that it finishes.
 */
export async function runInSmallHeap(heapMb: number, script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
