/**
 * Turns pre-flight findings, HTTP responses and network errors into one `Diagnosis`: a stable code,
 * a title, a detail sentence, one-click fixes and evidence. It reads the response BODY, not just
 * the status (a 401/403 that says "balance" means no credits, not a bad key). Every string goes
 * through t(); every text taken from the network or an error goes through the Scrubber.
 * Pure TypeScript, no `vscode` import. Never throws.
 *
 * This is the public face; the parts live in src/core/diagnosis/: before any request
 * (preflight.ts), non-2xx answers by status family (response.ts and one file per family), 2xx
 * answers that are not the API (content.ts), no answer at all (network.ts), verdicts from
 * comparing answers (outcomes.ts), and what they share (responseFacts.ts, evidence.ts,
 * builders.ts).
 */
export { headerValue, parseRetryAfter, readErrorBody, type DiagnosisContext, type ResponseFacts } from './diagnosis/responseFacts';
export { makeDiagnosis } from './diagnosis/builders';
export { diagnoseResponse } from './diagnosis/response';
export { diagnoseContent, type ContentProblem } from './diagnosis/content';
export { collectErrorFacts, diagnoseNetworkError } from './diagnosis/network';
export { diagnosePreflight } from './diagnosis/preflight';
export { diagnoseEndpointAsBaseUrl, diagnoseMissingV1, diagnoseOk } from './diagnosis/outcomes';
export { needsDashboard, withDashboard } from './diagnosis/builders';
export { diagnoseKeyState } from './diagnosis/keyState';
