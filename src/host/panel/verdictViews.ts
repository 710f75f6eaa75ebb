import type { Diagnosis, StepResult } from '../../core/types';
import type { DiagnosisView, StepView } from '../../protocol/messages';

/** The engine's diagnosis as the panel's verdict card shows it. */
export function diagnosisView(d: Diagnosis): DiagnosisView {
  return {
    code: d.code,
    severity: d.severity,
    title: d.title,
    detail: d.detail,
    short: d.short,
    fixes: d.fixes.map((f) => ({ kind: f.kind, label: f.label, value: f.value })),
    status: d.evidence.status,
    requestId: d.evidence.requestId,
  };
}

/** One step's outcome as the panel's step row shows it. */
export function stepView(name: 'models' | 'chat', step: StepResult | undefined, ok: boolean): StepView {
  if (!step) return { name, state: ok ? 'ok' : 'fail' };
  return {
    name,
    state: step.ok ? 'ok' : 'fail',
    status: step.status,
    latencyMs: Math.round(step.latencyMs),
    requestId: step.requestId,
    modelCount: step.modelCount,
    replyExcerpt: step.replyExcerpt?.slice(0, 200),
  };
}
