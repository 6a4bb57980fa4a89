import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './server-process';

/**
 * The deployment recipes as the README gives them (the systemd unit, the Containerfile),
 * read from the README itself so that the tests run what an operator copies.
 */

/** The fenced block of `language` in the README that contains `marker`. */
export function readmeBlock(language: string, marker: string): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
  const block = blocks.find((b) => b.includes(marker));
  if (!block) throw new Error(`No \`\`\`${language} block containing ${marker} in README.md`);
  return block;
}

export function systemdUnit(): { text: string; execStart: string[]; environment: Record<string, string> } {
  const text = readmeBlock('ini', '[Service]');
  const line = (key: string) => text.split('\n').filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
  const environment = Object.fromEntries(line('Environment').map((kv) => kv.split(/=(.*)/s, 2) as [string, string]));
  return { text, execStart: line('ExecStart')[0]!.split(/\s+/), environment };
}

export interface ContainerRecipe {
  text: string;
  /** The final stage's `COPY --from=build /app/<from> ./<to>` pairs: what the image holds. */
  runtimeFiles: { from: string; to: string }[];
  environment: Record<string, string>;
  cmd: string[];
}

export function containerRecipe(): ContainerRecipe {
  const text = readmeBlock('dockerfile', 'CMD');
  const finalStage = text.slice(text.lastIndexOf('\nFROM '));
  const runtimeFiles = [...finalStage.matchAll(/^COPY --from=build \/app\/(\S+) \.\/(\S+)$/gm)].map((m) => ({ from: m[1]!, to: m[2]! }));
  const environment = Object.fromEntries(
    [...finalStage.matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1]!.split(/\s+/).map((kv) => kv.split('=', 2) as [string, string])),
  );
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(finalStage)![1]!) as string[];
  return { text, runtimeFiles, environment, cmd };
}

/**
 * A folder holding exactly what the container's final stage copies from the build (the
 * built project; node_modules linked rather than copied), to run the image's command in.
 */
export function deployedCopy(recipe = containerRecipe()): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-deployed-'));
  for (const { from, to } of recipe.runtimeFiles) {
    if (from === 'node_modules') symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, to), 'dir');
    else cpSync(path.join(repoRoot, from), path.join(dir, to), { recursive: true });
  }
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  return dir;
}
