import type { buildSupportReport } from '../../core/supportReport';
import type { VerificationResult } from '../../core/types';
import type { ModuleLoader } from '../shared/chunkLoader';

interface ReportContext {
  appName: string;
  appVersion: string;
  extensionVersion: string;
}

/** What dist/gateway.js exports for the report (the builder stays out of host.js, which loads at start-up). */
export interface ReportModule {
  buildSupportReport: typeof buildSupportReport;
}

/** Builds a support report: a string, or a promise of one when its code is in a chunk. */
type SupportReportBuilder = (result: VerificationResult) => string | Promise<string>;

/**
 * The engine's support report for a result, with the editor's context. A result exists only after
 * a verification, which loaded dist/gateway.js already: the load here is a cache hit.
 */
export function makeReportBuilder(ctx: ReportContext, gateway: ModuleLoader<ReportModule>): SupportReportBuilder {
  return async (r) => (await gateway.load()).buildSupportReport(r, { ...ctx, now: new Date() });
}
