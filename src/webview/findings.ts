// The Base URL and key findings under each field, computed right here with the engine's pure
// analysis (so the key leaves the page only when the user verifies or saves).
import { analyzeApiKey } from '../core/apiKey';
import { analyzeBaseUrl } from '../core/baseUrl';
import type { BaseUrlFinding, KeyFinding } from '../core/types';
import { fixButton, icon } from './dom';
import type { Fmt } from './strings';

export function findingIcon(severity: BaseUrlFinding['severity'] | KeyFinding['severity']): string {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'info';
}

export function renderFindings(
  ul: HTMLElement,
  findings: Array<BaseUrlFinding | KeyFinding>,
  fmt: Fmt,
  useUrl: (url: string) => void,
): void {
  ul.replaceChildren();
  for (const f of findings) {
    const li = document.createElement('li');
    li.dataset.code = f.code;
    li.dataset.severity = f.severity;
    li.append(icon(findingIcon(f.severity)), ' ');
    const text = document.createElement('span');
    text.textContent = f.message;
    li.append(text);
    if ('suggestedUrl' in f && f.suggestedUrl) {
      const url = f.suggestedUrl;
      li.append(
        ' ',
        fixButton(fmt('fixUseUrl', url), 'use_url', url, () => useUrl(url), 'wand'),
      );
    }
    ul.append(li);
  }
}

export interface FindingsElements {
  baseUrlFindings: HTMLElement;
  keyFindings: HTMLElement;
}

export interface FindingsInput {
  baseUrl: string;
  apiKey: string;
  asEntered: boolean;
}

/** `schedule()` re-analyses the fields 150 ms after the last call (typing stays smooth). */
export function createFindings(
  els: FindingsElements,
  input: () => FindingsInput,
  fmt: Fmt,
  useUrl: (url: string) => void,
): { schedule(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const analyzeNow = () => {
    timer = undefined;
    const { baseUrl, apiKey, asEntered } = input();
    renderFindings(els.baseUrlFindings, analyzeBaseUrl(baseUrl, { asEntered }).findings, fmt, useUrl);
    renderFindings(els.keyFindings, apiKey === '' ? [] : analyzeApiKey(apiKey).findings, fmt, useUrl);
  };
  return {
    schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(analyzeNow, 150);
    },
  };
}
