// The usage view's accessibility, as written in its page and stylesheet: each chart's canvas is
// hidden from screen readers and has a sentence and a table of its numbers; every scrolling table
// can be reached and scrolled with the keyboard and is named; keyboard focus is always visible;
// colours come from the editor's theme (high contrast borders included); the sort arrows are not
// read out (aria-sort says the order).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageHtml } from '../../../src/host/usage/usageHtml';
import { usageStrings } from '../../../src/host/usage/usageStrings';

const ROOT = join(__dirname, '../../..');
const html = usageHtml({
  cspSource: 'vscode-resource:',
  scriptUri: 'vscode-resource:/dist/usageView.js',
  chartStyleUri: 'vscode-resource:/dist/usageView.css',
  styleUris: ['vscode-resource:/media/usage.css'],
  strings: usageStrings(),
  nonce: 'NONCE',
});
const css = readFileSync(join(ROOT, 'media/usage.css'), 'utf8');
const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));

/** The declarations of the rule whose selector list contains `selector` (the stylesheet's own text). */
function rule(selector: string): string {
  for (const m of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const selectors = m[1]
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split(',')
      .map((s) => s.trim());
    if (selectors.includes(selector)) return m[2];
  }
  return '';
}

describe('usage view accessibility (page and stylesheet)', () => {
  it('each of the five charts: the canvas hidden from screen readers, a sentence and a table of its numbers', () => {
    const sections = [
      ...html.matchAll(/<section id="(chart-[a-z-]+)" class="chart card" aria-labelledby="([^"]+)">([\s\S]*?)<\/section>/g),
    ];
    assert.deepEqual(
      sections.map((s) => s[1]),
      ['chart-cost', 'chart-requests', 'chart-tokens', 'chart-first-token', 'chart-duration'],
    );
    for (const [, id, labelledBy, body] of sections) {
      assert.ok(ids.has(labelledBy), `${id} is named by its heading`);
      assert.match(body, /<div class="plot" aria-hidden="true"><\/div>/, `${id}: the canvas is not read`);
      assert.match(body, /<p class="chart-summary[^"]*"><\/p>/, `${id}: a sentence`);
      assert.match(body, /<details><summary>[^<]+<\/summary><div class="chart-table[^"]*"/, `${id}: its table behind a named disclosure`);
    }
  });

  it('every scrolling table is a named region in the tab order (wide tables scroll with the keyboard)', () => {
    const regions = [...html.matchAll(/<div ([^>]*class="[^"]*table-scroll[^"]*"[^>]*)>/g)].map((m) => m[1]);
    assert.equal(regions.length, 3 + 5, 'totals, by model, requests and the five charts’ tables');
    for (const r of regions) {
      assert.match(r, /tabindex="0"/, r);
      assert.match(r, /role="region"/, r);
      const named = /aria-labelledby="([^"]+)"/.exec(r);
      assert.ok(named && ids.has(named[1]), `named by an element on the page: ${r}`);
    }
  });

  it('keyboard focus is visible on the sort buttons, the "Show table" disclosures and the scrolling tables, in the theme’s focus colour', () => {
    for (const sel of ['.usage button.sort:focus-visible', '.usage summary:focus-visible', '.usage .table-scroll:focus-visible'])
      assert.match(rule(sel), /outline:\s*1px solid var\(--vscode-focusBorder\)/, sel);
    // The sort buttons drop the button chrome but not the outline.
    assert.doesNotMatch(rule('button.sort'), /outline/);
  });

  it('colours only from the theme: every colour is a --vscode-* variable (a literal only as its fallback); high contrast borders', () => {
    const declarations = [
      ...css
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .matchAll(
          /(?:^|[;{\s])(color|background(?:-color)?|border(?:-(?:top|bottom|left|right))?(?:-color)?|outline(?:-color)?):\s*([^;]+);/g,
        ),
    ];
    assert.ok(declarations.length > 5);
    for (const [, prop, value] of declarations) {
      if (/^(none|inherit|0|transparent)$/.test(value.trim())) continue;
      assert.match(value, /var\(--vscode-/, `${prop}: ${value}`);
      // A literal colour is allowed only inside a var()'s fallback.
      const outside = value.replace(/var\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)/g, '');
      assert.doesNotMatch(outside, /#[0-9a-f]{3,8}\b|rgba?\(/i, `${prop}: ${value}`);
    }
    assert.match(rule('.usage td'), /border-bottom:\s*1px solid var\(--vscode-contrastBorder,/);
  });

  it('the sort arrows are decoration: empty alternative text, the order is in aria-sort', () => {
    assert.match(rule("th[aria-sort='ascending'] button.sort::after"), /content:\s*' ▲' \/ ''/);
    assert.match(rule("th[aria-sort='descending'] button.sort::after"), /content:\s*' ▼' \/ ''/);
  });
});
