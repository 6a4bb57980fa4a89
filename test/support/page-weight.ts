import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './server-process';

/**
 * The JavaScript a page makes a browser download, measured from the build, not timed:
 * the `/build/…js` files its HTML names (Remix's module scripts and modulepreload links),
 * each gzipped as the server's compression sends it, and — for the record — what a route
 * would ship if it hydrated (entry, root and the route with their imports, from the manifest).
 */
const publicDir = path.join(repoRoot, 'public');

export function gzippedBytes(url: string): number {
  return gzipSync(readFileSync(path.join(publicDir, url))).length;
}

/** Every script the HTML refers to: `/build/….js` (script src, modulepreload, `import "…"` in inline scripts) and other `<script src>`. */
export function scriptsOf(html: string): string[] {
  const built = [...html.matchAll(/["'](\/build\/[^"']+\.js)["']/g)].map((m) => m[1]!);
  const other = [...html.matchAll(/<script[^>]*\ssrc="(\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return [...new Set([...built, ...other])];
}

export function pageJavaScriptBytes(html: string): number {
  return scriptsOf(html).reduce((sum, url) => sum + gzippedBytes(url), 0);
}

interface ManifestRoute {
  module: string;
  imports?: string[];
  parentId?: string;
}

export function buildManifest(): { entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> } {
  const dir = path.join(publicDir, 'build');
  const file = readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error('No build manifest: run `npm run build` first.');
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8').replace(/^window\.__remixManifest=/, '').replace(/;\s*$/, ''));
}

/** Gzipped bytes of the JavaScript a hydrating route loads: entry, root, the route and their chunks. */
export function routeJavaScriptBytes(routeId: string): number {
  const manifest = buildManifest();
  const files = new Set([manifest.entry.module, ...manifest.entry.imports]);
  for (let route: ManifestRoute | undefined = manifest.routes[routeId]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) {
    files.add(route.module);
    route.imports?.forEach((f) => files.add(f));
  }
  if (!manifest.routes[routeId]) throw new Error(`No route ${routeId} in the build manifest`);
  return [...files].reduce((sum, url) => sum + gzippedBytes(url), 0);
}
