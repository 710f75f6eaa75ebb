// Size budget: a production build (minified, as shipped in the .vsix) must not grow past these
// budgets. Sizes come from esbuild's metafile (outputs[...].bytes) and are deterministic, so this
// test is exact; there are no timed assertions here (timings live in `npm run bench`).
// The build goes to a private temporary directory, never over the development build in dist/.
import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildProduction, bundleBytes, packageInputs, type Metafile, type ProductionBuild } from '../../bench/prodBuild';

/**
 * Budgets in bytes, for what ships in the .vsix. The extension entry's budget serves the goal of a
 * fast activation (activate() ≤ 10 ms as the editor reports it; see docs/ARCHITECTURE.md, "Why
 * activation is a bootstrap"): first ≤ 80 KB minified (75.2 KB when set), now 8 KB. The others
 * were set about 20 % over the measured size
 * (gateway with the openai SDK 196.6 KB, webview 51.2 KB). Raising a budget is a deliberate change:
 * say why in the commit.
 */
export const BUDGETS = {
  // Activation loads only this file. It is only the bootstrap (command forwarders, 2.4 KB when set);
  // the wiring it starts lives in dist/host.js.
  extension: 8 * 1024,
  // The host wiring (connection state, status bar, commands, keychain, logger), 32 KB when set.
  // Raised from 48 KB (56.2 KB measured): the saved key's origin gate (src/host/connection/keyGate.ts) uses the
  // engine's own Base URL normalisation (core/baseUrl.ts, 12 KB) so it checks the origin a request
  // really goes to, not a second guess at it. dist/host.js loads one task after activation.
  // Raised from 64 KB (70.0 KB measured): the key's account figures (state, refresh policy, figure
  // formatting: they follow every check and feed the status bar) and the language-model provider's
  // registration stand-in (the provider itself is in dist/lm.js). Activation does not load this file.
  // Raised from 76 KB (81.4 KB measured; 78.8 KB before it with the Cursor check and the links): the saved key in
  // the integrated terminals (connection/terminalEnvironment.ts, 2.7 KB, issue 21). Activation does not load this file.
  // Raised from 84 KB (85.6 KB measured): the usage ledger's part of host.js (its two commands, the chat's
  // request ids, the spend the status bar shows: usage/usageCommands.ts, chatRequestIds.ts, usageSpend.ts,
  // 1.4 KB, and the tooltip's spend rows); the ledger itself is in dist/usage.js.
  host: 88 * 1024,
  // The setup panel: protocol schemas (zod/mini), HTML and strings; 49 KB when set.
  // Raised from 64 KB (66.4 KB measured): fitting host → webview messages to the schema caps and the
  // origin gate for the saved key.
  // Raised from 72 KB (76.4 KB measured): the account views (Show Account, the dashboard page pick)
  // moved here from dist/host.js, since they load only when asked for, and the protocol's account and
  // dashboard messages. 84 → 92 KB (89 KB measured): the dashboard link's handler and Check Cursor
  // Settings' checklist live here rather than in host.js (a link always opens the panel).
  // 92 → 96 KB (93.8 KB measured): the model list by protocol (issue 21, item 5): the models that cannot
  // chat, sent apart with what they serve, their strings and the group's HTML.
  // 96 → 100 KB (97.7 KB measured, 96 KB had 66 bytes left): the Cursor checklist kept fresh while the panel is on
  // screen and its Fix by row (issue 20 review: the row index's check in the protocol, the view-state wiring).
  panel: 100 * 1024,
  // Raised from 240 KB (239.3 KB measured): /v1/models is read with zod/mini (core/verification/modelList.ts,
  // supported_endpoint_types per model, issue 21), about 15 KB.
  gateway: 256 * 1024,
  // Raised from 64 KB (65.7 KB measured): where each value comes from (user, workspace, default) and
  // what Save would copy into user settings (issue 22), and the model list that reuses its rows for
  // 100,000 models (issue 19). The webview loads only with the panel.
  webview: 72 * 1024,
  // The language model chat provider (VS Code 1.104+): message mapping, SSE and tool-call
  // accumulation, limits table, token estimate, and the engine's diagnosis for its errors; loaded
  // on the first chat use, never at activation. No SDK (it comes from dist/gateway.js).
  lm: 96 * 1024,
  // Cursor's state-database reader: sql.js's loader (SQLite itself is dist/sql-wasm.wasm, budgeted
  // below), the WAL checkpoint and the row shape (zod/mini); 78.7 KB when set. Loaded only in Cursor
  // and by `doctor cursor`, never at activation. 96 → 128 KB for the Cursor check's diagnosis
  // (core/cursor/diagnose.ts with the Base URL pre-flight, 114 KB): host.js carries none of it.
  cursor: 128 * 1024,
  // The other tools' configs (issue 21): the yaml package (112 KB, the Document API that keeps comments),
  // jsonc-parser (17 KB), smol-toml (11 KB), the readers, editors and checks with the engine's Base URL
  // analysis and diagnosis; 219.4 KB when set. Loaded only by Set Up Other Tools… and Undo Tool Setup.
  tools: 240 * 1024,
  // Set Up Other Tools… and Undo Tool Setup (issue 21, item 2): the quick picks, the diff preview, the questions, and
  // the scrubber that keeps the key out of the preview (core/scrub.ts, the largest part); handed dist/tools.js, so no
  // parser is in it. Loaded only by those two commands.
  toolSetup: 24 * 1024,
  // The usage ledger's host side (issue 18): the view's controller and page, the history on disk with
  // its row schema (zod/mini), the /api/log/token reader and the budget; 56.8 KB when set. Loaded
  // only by Show Usage, Clear Usage History or Remove API Key, never at activation.
  usage: 72 * 1024,
  // The usage view's page script: uPlot (51 KB, the charts), the message schemas (zod/mini, 22 KB),
  // the figures and tables; with uPlot's stylesheet (1.6 KB), 94.3 KB when set. Loads only with the view.
  usageView: 112 * 1024,
} as const;

/** sql.js's SQLite build (sql-wasm.wasm, 672.1 KB in sql.js 1.17.0), shipped next to dist/cursor.js. */
const SQL_WASM_BUDGET = 800 * 1024;

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
          `test/integration/bundleSize.test.ts with a reason.`,
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
      const panel = inputs.filter((i) => /src\/host\/panel\/|src\/protocol\//.test(i));
      assert.deepEqual(panel, [], `${name} bundle includes setup panel code`);
    });
  }

  it('the extension entry is only the bootstrap: the host wiring is in dist/host.js', () => {
    const inputs = Object.values(build.metas.extension.outputs).flatMap((o) => Object.keys(o.inputs));
    const wiring = inputs.filter((i) => /src\/(host\/(startHost|connectionState|statusBar|commands|logger|keychain)|core\/)/.test(i));
    assert.deepEqual(wiring, [], 'extension entry includes host or core code');
    // src/host/bootstrap/ is exactly what the entry may carry besides src/extension.ts.
    const outside = inputs.filter((i) => i.startsWith('src/') && i !== 'src/extension.ts' && !i.startsWith('src/host/bootstrap/'));
    assert.deepEqual(outside, [], 'extension entry includes source from outside src/host/bootstrap/');
  });

  it('the lm chunk has no SDK and no zod, and its provider code is not in host.js or extension.js', () => {
    assert.deepEqual(packageInputs(build.metas.lm, 'openai'), [], 'lm bundle includes the openai SDK');
    assert.deepEqual(packageInputs(build.metas.lm, 'zod'), [], 'lm bundle includes zod');
    for (const name of ['extension', 'host'] as const) {
      const inputs = Object.values(build.metas[name].outputs).flatMap((o) => Object.keys(o.inputs));
      const lm = inputs.filter((i) => /src\/host\/lm\/(provider|parts|entry)\.ts$|src\/core\/lm\//.test(i));
      assert.deepEqual(lm, [], `${name} bundle includes language model provider code`);
    }
  });

  it('the support report is built in dist/gateway.js, not in host.js (which every window loads at start-up)', () => {
    const inputsOf = (name: string) => Object.values(build.metas[name].outputs).flatMap((o) => Object.keys(o.inputs));
    assert.deepEqual(
      inputsOf('host').filter((i) => i.endsWith('src/core/supportReport.ts')),
      [],
      'host bundle includes core/supportReport.ts',
    );
    assert.ok(
      inputsOf('gateway').some((i) => i.endsWith('src/core/supportReport.ts')),
      'gateway bundle lacks core/supportReport.ts',
    );
  });

  it('sql.js is in dist/cursor.js only, and its sql-wasm.wasm within budget next to it', () => {
    for (const name of Object.keys(BUDGETS).filter((n) => n !== 'cursor')) {
      assert.deepEqual(packageInputs(build.metas[name], 'sql.js'), [], `${name} bundle includes sql.js`);
    }
    assert.notDeepEqual(packageInputs(build.metas.cursor, 'sql.js'), [], 'dist/cursor.js has no sql.js');
    const wasm = statSync(join(build.dir, 'dist', 'sql-wasm.wasm')).size;
    assert.ok(wasm <= SQL_WASM_BUDGET, `dist/sql-wasm.wasm is ${wasm} bytes, over ${SQL_WASM_BUDGET}`);
  });

  it('the webview bundle contains no Node or SDK code', () => {
    const meta = build.metas.webview;
    assert.deepEqual(packageInputs(meta, 'openai'), [], 'webview bundle includes the openai SDK');
  });
});

describe('packaging ships every bundle the extension loads', () => {
  it('.vscodeignore re-includes dist/<bundle>.js for every budgeted bundle (a missing chunk looks like an update to the user)', () => {
    const lines = readFileSync(join(__dirname, '..', '..', '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const name of Object.keys(BUDGETS)) {
      assert.ok(lines.includes(`!dist/${name}.js`), `.vscodeignore does not ship dist/${name}.js`);
    }
  });
});
