// Bundle sizes from the production build's metafiles, and the .vsix `npm run package` would ship.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleBytes, packageInputs, projectRoot, type ProductionBuild } from '../prodBuild';
import type { BenchContext } from './common';

/** Where measureVsix leaves the package; the editor-activation section installs this file. */
export const vsixPath = (build: ProductionBuild) => join(build.dir, 'bench.vsix');

export function measureBundles(ctx: BenchContext, build: ProductionBuild): void {
  const { results } = ctx;
  results.bundleBytes.extension = bundleBytes(build.metas.extension);
  results.bundleBytes.host = bundleBytes(build.metas.host);
  results.bundleBytes.gateway = bundleBytes(build.metas.gateway);
  results.bundleBytes.panel = bundleBytes(build.metas.panel);
  results.bundleBytes.webview = bundleBytes(build.metas.webview);
  // The language-model provider (VS Code 1.104+), loaded on the first chat request; it takes the
  // SDK client from dist/gateway.js, so the SDK must not be in it either.
  results.bundleBytes.lm = bundleBytes(build.metas.lm);
  for (const name of ['extension', 'host', 'lm'] as const) {
    const meta = build.metas[name];
    if (!meta) throw new Error(`the production build wrote no dist/meta/${name}.json`);
    const sdk = packageInputs(meta, 'openai');
    ctx.check(`openai SDK not in the ${name} bundle`, sdk.length === 0, sdk.length ? sdk.slice(0, 3).join(', ') : undefined);
  }
}

export function measureVsix(ctx: BenchContext, build: ProductionBuild): void {
  // @vscode/vsce is a devDependency: after `npm ci` it is there.
  const vsce = join(projectRoot, 'node_modules/@vscode/vsce/vsce');
  const out = vsixPath(build);
  // Same as `npm run package` (production build + vsce package --no-dependencies), in the private
  // build directory so the working tree is untouched.
  const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', out], {
    cwd: build.dir,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, npm_config_yes: 'true' },
  });
  if (run.status !== 0 || !existsSync(out)) {
    const why = `${run.error?.message ?? ''}${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').slice(-3).join(' | ');
    ctx.note(`vsix: vsce package failed (exit ${run.status ?? run.signal}): ${why}; bundleBytes.vsix is null`);
    return;
  }
  ctx.results.bundleBytes.vsix = statSync(out).size;
  const list = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: build.dir, encoding: 'utf8', timeout: 60_000 });
  if (list.status === 0) ctx.results.details.vsixFiles = list.stdout.trim().split('\n');
}
