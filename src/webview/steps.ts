// The two verification steps (GET /models, one chat completion) as shown in the panel.
import type { StepView } from '../protocol/messages';
import type { Fmt } from './strings';

export const STEP_ICON: Record<StepView['state'], string> = {
  idle: 'circle-large-outline',
  running: 'sync codicon-modifier-spin',
  ok: 'pass-filled',
  fail: 'error',
};

const STATE_TEXT: Record<StepView['state'], string> = { idle: 'stepIdle', running: 'stepRunning', ok: 'stepOk', fail: 'stepFail' };

/**
 * The step's detail line. `needsModel`: the list has models but none is selected, so an idle
 * chat step asks for one.
 */
export function stepDetail(step: StepView, fmt: Fmt, needsModel: boolean): string {
  const parts: string[] = [];
  parts.push(step.state === 'idle' && step.name === 'chat' && needsModel ? fmt('stepChatNeedsModel') : fmt(STATE_TEXT[step.state]));
  if (step.model) parts.push(step.model);
  if (step.status != null) parts.push(fmt('stepStatus', step.status));
  if (step.latencyMs != null) parts.push(fmt('stepLatency', step.latencyMs));
  if (step.modelCount != null) parts.push(fmt('stepModelCount', step.modelCount));
  if (step.requestId) parts.push(fmt('stepRequestId', step.requestId));
  if (step.replyExcerpt) parts.push(fmt('stepReply', step.replyExcerpt));
  return parts.join(' · ');
}

export function renderStep(li: HTMLElement, step: StepView, detail: string): void {
  li.dataset.state = step.state;
  (li.querySelector('.codicon') as HTMLElement).className = `codicon codicon-${STEP_ICON[step.state]}`;
  (li.querySelector('.step-detail') as HTMLElement).textContent = detail;
}
