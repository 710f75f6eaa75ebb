// A production build (`node esbuild.mjs --production`) into a private temporary copy of the
// project, so the size budget test and the benchmark never overwrite the development build in
// dist/ that other tests and the editor use. The real build script runs unchanged: the temporary
// directory holds a copy of esbuild.mjs and symlinks to everything else (src, node_modules, …),
// so its dist/ and dist/meta/*.json are the exact production outputs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..');

export interface Metafile {
  inputs: Record<string, { bytes: number }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }>; entryPoint?: string }>;
}

export interface ProductionBuild {
  dir: string;
  metas: Record<string, Metafile>;
  cleanup(): void;
}

/**
 * Copied rather than linked: the build script (its own location is its root) and everything the
 * .vsix ships besides dist/ (vsce does not follow symlinked directories). The rest is linked.
 */
const COPIED = new Set(['esbuild.mjs', '.vscodeignore', 'package.json', 'media', 'l10n', 'README.md', 'CHANGELOG.md', 'LICENSE']);
const isCopied = (entry: string) => COPIED.has(entry) || /^package\.nls(\..+)?\.json$/.test(entry);
const SKIPPED = new Set(['dist', '.git', 'bench', 'test-results', '.cache', 'out']);

export function buildProduction(options: { keep?: boolean } = {}): ProductionBuild {
  const dir = mkdtempSync(join(tmpdir(), 'rutaapi-prod-'));
  for (const entry of readdirSync(projectRoot)) {
    if (SKIPPED.has(entry) || entry.endsWith('.vsix')) continue;
    const from = join(projectRoot, entry);
    if (isCopied(entry)) cpSync(from, join(dir, entry), { recursive: true });
    else symlinkSync(from, join(dir, entry));
  }
  const run = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--quiet'], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    throw new Error(`production build failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  }
  const metas: Record<string, Metafile> = {};
  const metaDir = join(dir, 'dist/meta');
  if (existsSync(metaDir)) {
    for (const f of readdirSync(metaDir)) {
      if (f.endsWith('.json')) metas[f.slice(0, -5)] = JSON.parse(readFileSync(join(metaDir, f), 'utf8')) as Metafile;
    }
  }
  return { dir, metas, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bytes of the JavaScript (and CSS, for the webview) files a bundle writes, from its metafile. */
export function bundleBytes(meta: Metafile | undefined): number | null {
  if (!meta) return null;
  let total = 0;
  for (const [file, out] of Object.entries(meta.outputs)) {
    if (file.endsWith('.js') || file.endsWith('.css')) total += out.bytes;
  }
  return total;
}

/** Input files from a package (e.g. `openai`) that ended up in a bundle's output. */
export function packageInputs(meta: Metafile, pkg: string): string[] {
  const marker = `node_modules/${pkg}/`;
  const found = new Set<string>();
  for (const out of Object.values(meta.outputs)) {
    for (const [input, info] of Object.entries(out.inputs)) {
      if (input.includes(marker) && info.bytesInOutput > 0) found.add(input);
    }
  }
  return [...found];
}
