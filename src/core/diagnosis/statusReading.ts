/**
 * One non-2xx answer, read once and handed to every status family in turn: the status alone
 * misleads (a 401 that says "balance" means no credits, not a bad key), so each family also sees
 * the error body and the evidence.
 */
import { t } from '../l10n';
import type { Scrubber } from '../scrub';
import type { Diagnosis, Evidence } from '../types';
import { baseEvidence, scrubberFor } from './evidence';
import { readErrorBody, type DiagnosisContext, type ErrorBody, type ResponseFacts } from './responseFacts';

export interface StatusReading {
  facts: ResponseFacts;
  ctx: DiagnosisContext;
  status: number;
  body: ErrorBody;
  evidence: Evidence;
  scrubber: Scrubber;
  /** The request URL as shown (scrubbed, without secrets), or ''. */
  url: string;
  /** ` The server says: "…"` to append to a detail, or '' when the server said nothing. */
  serverSays: string;
}

/** A status family's verdict, or undefined when the answer belongs to another family. */
export type StatusFamily = (reading: StatusReading) => Diagnosis | undefined;

export function readStatus(facts: ResponseFacts, ctx: DiagnosisContext): StatusReading {
  const scrubber = scrubberFor(ctx);
  const evidence = baseEvidence(facts, ctx, scrubber);
  return {
    facts,
    ctx,
    status: facts.status,
    body: readErrorBody(facts.bodyText),
    evidence,
    scrubber,
    url: evidence.url ?? '',
    serverSays: evidence.errorMessage ? ` ${t('The server says: "{0}"', evidence.errorMessage)}` : '',
  };
}
