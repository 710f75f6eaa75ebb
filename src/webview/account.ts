// The saved key's figures (#account) and the dashboard links of the panel. Pure view-models, and
// a thin renderer. The host words the figures (t(), text from the gateway made inert); here they
// are only placed, as text.
import type { AccountView, DashboardView } from '../protocol/messages';
import type { Fmt } from './strings';

export interface AccountSectionView {
  hidden: boolean;
  /** data-low on the card: under rutaapi.lowBalanceWarning. */
  low: boolean;
  summary: string;
  lines: string[];
  /** "Read at 12:00:00". */
  readAt: string;
  /** The Top up button's URL, or undefined (no button). */
  topUp: string | undefined;
}

export function accountSection(a: AccountView | null | undefined, fmt: Fmt, formatTime: (ms: number) => string): AccountSectionView {
  if (!a) return { hidden: true, low: false, summary: '', lines: [], readAt: '', topUp: undefined };
  return {
    hidden: false,
    low: a.low,
    summary: a.summary,
    lines: a.lines,
    readAt: fmt('accountReadAt', formatTime(a.readAt)),
    topUp: a.topUp ?? undefined,
  };
}

/**
 * The "Open keys page" link next to the key field: hidden when the gateway has no dashboard
 * (null); before anything is known (undefined) it asks the host for the keys page without a URL.
 */
export function keysLink(d: DashboardView | null | undefined): { hidden: boolean; url: string | undefined } {
  if (d === null) return { hidden: true, url: undefined };
  if (d === undefined) return { hidden: false, url: undefined };
  return d.keys ? { hidden: false, url: d.keys } : { hidden: true, url: undefined };
}

export interface AccountElements {
  card: HTMLElement;
  summary: HTMLElement;
  lines: HTMLElement;
  readAt: HTMLElement;
  topUp: HTMLButtonElement;
}

export function renderAccount(els: AccountElements, v: AccountSectionView): void {
  els.card.hidden = v.hidden;
  els.card.dataset.low = String(v.low);
  els.summary.textContent = v.summary;
  els.lines.replaceChildren(
    ...v.lines.map((l) => {
      const li = document.createElement('li');
      li.textContent = l;
      return li;
    }),
  );
  els.readAt.textContent = v.readAt;
  els.topUp.hidden = v.topUp === undefined;
  if (v.topUp !== undefined) els.topUp.dataset.url = v.topUp;
  else delete els.topUp.dataset.url;
}
