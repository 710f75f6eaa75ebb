// Size budget: a production build (minified, as shipped in the .vsix) must not grow past these
// budgets. Sizes come from esbuild's metafile (outputs[...].bytes) and are deterministic, so this
// test is exact; there are no timed assertions here (timings live in `npm run bench`).
// The build goes to a private temporary directory, never over the development build in dist/.
import { strict as assert } from 'node:assert';
import { buildProduction, bundleBytes, packageInputs, type Metafile, type ProductionBuild } from '../../bench/prodBuild';

/**
 * Budgets in bytes, for what ships in the .vsix. The extension entry's budget is issue 5's goal
 * (≤ 80 KB minified; 75.2 KB when set). The others were set about 20 % over the measured size
 * (gateway with the openai SDK 196.6 KB, webview 51.2 KB). Raising a budget is a deliberate change:
 * say why in the commit.
 */
export const BUDGETS = {
  // Issue 5's goal is 80 KB. The entry is only the bootstrap (command forwarders, 2.4 KB when set);
  // the wiring it starts lives in dist/host.js.
  extension: 8 * 1024,
  // The host wiring (connection state, status bar, commands, keychain, logger), 32 KB when set.
  // Raised from 48 KB (56.2 KB measured): the saved key's origin gate (src/host/keyGate.ts) uses the
  // engine's own Base URL normalisation (core/baseUrl.ts, 12 KB) so it checks the origin a request
  // really goes to, not a second guess at it. dist/host.js loads one task after activation.
  host: 64 * 1024,
  // The setup panel: protocol schemas (zod/mini), HTML and strings; 49 KB when set.
  // Raised from 64 KB (66.4 KB measured): fitting host → webview messages to the schema caps and the
  // origin gate for the saved key.
  panel: 72 * 1024,
  gateway: 240 * 1024,
  webview: 64 * 1024,
} as const;

function topInputs(meta: Metafile, n = 8): string {
  const sizes = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [input, info] of Object.entries(out.inputs)) sizes.set(input, (sizes.get(input) ?? 0) + info.bytesInOutput);
  }
  return [...sizes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([input, bytes]) => `    ${String(bytes).padStart(8)}  ${input}`)
    .join('\n');
}

describe('bundle size budget (production build)', function () {
  this.timeout(120_000);
  let build: ProductionBuild;

  before(() => {
    build = buildProduction();
  });
  after(() => build?.cleanup());

  for (const [name, budget] of Object.entries(BUDGETS)) {
    it(`${name} bundle stays within ${(budget / 1024).toFixed(0)} KB`, () => {
      const meta = build.metas[name];
      assert.ok(meta, `no metafile dist/meta/${name}.json from the production build`);
      const bytes = bundleBytes(meta)!;
      assert.ok(
        bytes <= budget,
        `${name} bundle is ${bytes} bytes minified, over its budget of ${budget} bytes ` +
          `(+${bytes - budget} bytes, ${((bytes / budget - 1) * 100).toFixed(1)} % over).\n` +
          `  Largest inputs:\n${topInputs(meta)}\n` +
          `  Shrink it, move code behind the lazily loaded gateway chunk, or raise the budget in ` +
          `test/unit/bundleSize.test.ts with a reason.`,
      );
    });
  }

  for (const name of ['extension', 'host'] as const) {
    it(`the openai SDK is not in the ${name} bundle (it lives in the lazily loaded gateway chunk)`, () => {
      const sdk = packageInputs(build.metas[name], 'openai');
      assert.deepEqual(sdk, [], `${name} bundle includes openai SDK files:\n  ${sdk.slice(0, 10).join('\n  ')}`);
    });

    it(`zod and the setup panel are not in the ${name} bundle (they live in the lazily loaded panel chunk)`, () => {
      const zod = packageInputs(build.metas[name], 'zod');
      assert.deepEqual(zod, [], `${name} bundle includes zod files:\n  ${zod.slice(0, 10).join('\n  ')}`);
      const inputs = Object.values(build.metas[name].outputs).flatMap((o) => Object.keys(o.inputs));
      const panel = inputs.filter((i) => /src\/host\/(setupPanel|setupController|panelHtml|webviewStrings)\.ts$|src\/protocol\//.test(i));
      assert.deepEqual(panel, [], `${name} bundle includes setup panel code`);
    });
  }

  it('the extension entry is only the bootstrap: the host wiring is in dist/host.js', () => {
    const inputs = Object.values(build.metas.extension.outputs).flatMap((o) => Object.keys(o.inputs));
    const wiring = inputs.filter((i) => /src\/(host\/(startHost|connectionState|statusBar|commands|logger|keychain)|core\/)/.test(i));
    assert.deepEqual(wiring, [], 'extension entry includes host or core code');
  });

  it('the webview bundle contains no Node or SDK code', () => {
    const meta = build.metas.webview;
    assert.deepEqual(packageInputs(meta, 'openai'), [], 'webview bundle includes the openai SDK');
  });
});
