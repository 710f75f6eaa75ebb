import { buildSupportReport } from '../../core/supportReport';
import type { VerificationResult } from '../../core/types';

export interface ReportContext {
  appName: string;
  appVersion: string;
  extensionVersion: string;
}

/** The engine's support report for a result, with the editor's context. */
export function makeReportBuilder(ctx: ReportContext): (r: VerificationResult) => string {
  return (r) => buildSupportReport(r, { ...ctx, now: new Date() });
}
