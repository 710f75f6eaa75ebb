// The diagnosis card (#diagnosis): renders diagnosisCard()'s view and runs the Retry-After
// countdown on its retry button.
import type { DiagnosisView } from '../protocol/messages';
import { fixButton, icon } from './dom';
import { diagnosisCard, type FixAction } from './diagnosisView';
import type { RetryGate } from './retryCountdown';
import type { Fmt } from './strings';

export interface DiagnosisElements {
  card: HTMLElement;
  title: HTMLElement;
  detail: HTMLElement;
  evidence: HTMLElement;
  fixes: HTMLElement;
}

/** Shows `d`, or hides the card when undefined. Any running countdown stops first. */
export function renderDiagnosis(
  els: DiagnosisElements,
  d: DiagnosisView | undefined,
  fmt: Fmt,
  retry: RetryGate,
  run: (action: FixAction) => void,
  announce: (text: string) => void,
): void {
  retry.stop();
  if (!d) {
    els.card.hidden = true;
    els.card.dataset.code = '';
    return;
  }
  const view = diagnosisCard(d, fmt);
  els.card.hidden = false;
  els.card.dataset.code = view.code;
  els.card.dataset.severity = view.severity;
  els.title.replaceChildren(icon(view.icon), ' ', view.title);
  els.detail.textContent = view.detail;
  els.evidence.textContent = view.evidence;
  els.fixes.replaceChildren();
  for (const f of view.fixes) {
    const b = fixButton(f.label, f.kind, f.value, () => run(f.action));
    els.fixes.append(b);
    if (f.retryAfterSeconds !== undefined) {
      retry.start(
        f.retryAfterSeconds,
        (state) => {
          b.disabled = state.disabled;
          b.textContent = state.label;
        },
        announce,
      );
    }
  }
}
