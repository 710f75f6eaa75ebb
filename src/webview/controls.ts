// The panel's buttons and fields, bound to what the wiring (main.ts) does with them. No state here.
import type { WebviewMessage } from '../protocol/messages';
import type { PanelElements } from './elements';

type CopyTarget = Extract<WebviewMessage, { type: 'copy' }>['what'];

export interface ControlHandlers {
  formChanged(): void;
  verify(): void;
  cancel(): void;
  save(): void;
  scopeChanged(): void;
  copy(what: CopyTarget): void;
  /** A dashboard link ("Open Tokens", "Open Billing") by the page it names. */
  openPage(target: 'tokens' | 'billing'): void;
  /** The account section's Top Up, with the URL the host sent for it. */
  topUp(url: string | undefined): void;
}

export function bindControls(el: PanelElements, h: ControlHandlers): void {
  el.baseUrl.addEventListener('input', () => h.formChanged());
  el.apiKey.addEventListener('input', () => h.formChanged());
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    h.verify();
  });
  el.cancel.addEventListener('click', () => h.cancel());
  el.save.addEventListener('click', () => h.save());
  el.scope.addEventListener('change', () => h.scopeChanged());
  const copies = [
    [el.copyReport, 'report'],
    [el.copyBaseUrl, 'baseUrl'],
    [el.copyModel, 'model'],
    [el.copyKey, 'key'],
  ] as const;
  for (const [button, what] of copies) button.addEventListener('click', () => h.copy(what));
  for (const link of el.opens) link.addEventListener('click', () => h.openPage(link.dataset.open === 'billing' ? 'billing' : 'tokens'));
  el.account.topUp.addEventListener('click', () => h.topUp(el.account.topUp.dataset.url));
}
