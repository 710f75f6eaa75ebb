import { esc, webviewPage } from '../shared/webviewPage';
import type { UsageStrings } from './usageStrings';

export interface UsageHtmlInput {
  cspSource: string;
  scriptUri: string;
  /** uPlot's stylesheet, bundled next to the script (dist/usageView.css). */
  chartStyleUri: string;
  styleUris: string[];
  strings: UsageStrings;
  nonce?: string;
  lang?: string;
}

function chart(id: string, title: string, s: UsageStrings): string {
  return `<section id="${id}" class="chart card" aria-labelledby="${id}-title">
<h2 id="${id}-title">${esc(title)}</h2>
<p class="chart-summary hint"></p>
<div class="plot" aria-hidden="true"></div>
<details><summary>${esc(s.showTable)}</summary><div class="chart-table table-scroll" tabindex="0" role="region" aria-labelledby="${id}-title"></div></details>
</section>`;
}

function requests(s: UsageStrings): string {
  return `<section id="requests" aria-labelledby="requests-title">
<h2 id="requests-title">${esc(s.requests)}</h2>
<div class="filters">
<label>${esc(s.filterModel)} <select id="filter-model"><option value="">${esc(s.allModels)}</option></select></label>
<label>${esc(s.filterFrom)} <input id="filter-from" type="date"></label>
<label>${esc(s.filterTo)} <input id="filter-to" type="date"></label>
<label>${esc(s.filterText)} <input id="filter-text" type="search" spellcheck="false" autocomplete="off" placeholder="${esc(s.filterTextPlaceholder)}"></label>
</div>
<p id="match-count" class="hint" aria-live="polite"></p>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="requests-title"><table id="requests-table"><caption class="visually-hidden">${esc(s.requests)}</caption><thead></thead><tbody></tbody></table></div>
<button id="more" type="button" class="secondary" hidden></button>
</section>`;
}

/** The usage view's page: strict CSP (nothing but this script, by nonce, and the extension's own styles). */
export function usageHtml(i: UsageHtmlInput): string {
  const s = i.strings;
  return webviewPage({
    cspSource: i.cspSource,
    scriptUri: i.scriptUri,
    styleUris: [...i.styleUris, i.chartStyleUri],
    title: s.title,
    intro: s.intro,
    body: body(s),
    bodyClass: 'usage',
    nonce: i.nonce,
    lang: i.lang,
  });
}

/** Everything under the intro: the actions, the totals, the charts, the request list. */
function body(s: UsageStrings): string {
  return `<div class="actions">
<button id="refresh" type="button" class="primary">${esc(s.refresh)}</button>
<button id="export" type="button" class="secondary">${esc(s.exportCsv)}</button>
<button id="clear" type="button" class="secondary">${esc(s.clearHistory)}</button>
</div>
<p id="status" role="status" aria-live="polite"></p>
<p id="bound" class="hint"></p>
<p id="empty" class="hint">${esc(s.empty)}</p>
<div id="content" hidden>
<section id="totals-section" aria-labelledby="totals-title">
<h2 id="totals-title">${esc(s.totals)}</h2>
<div id="totals" class="table-scroll" tabindex="0" role="region" aria-labelledby="totals-title"></div>
<p id="errors-note" class="hint" hidden></p>
<p class="hint">${esc(s.sourcesNote)}</p>
<h3 id="by-model-title">${esc(s.byModel)}</h3>
<div id="by-model" class="table-scroll" tabindex="0" role="region" aria-labelledby="by-model-title"></div>
</section>
${chart('chart-cost', s.chartCost, s)}
${chart('chart-requests', s.chartRequests, s)}
${chart('chart-tokens', s.chartTokens, s)}
${chart('chart-first-token', s.chartFirstToken, s)}
${chart('chart-duration', s.chartDuration, s)}
${requests(s)}
</div>`;
}
