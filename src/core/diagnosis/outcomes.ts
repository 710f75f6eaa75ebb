/**
 * Verdicts the engine reaches by comparing answers rather than from one response: a Base URL that
 * works only with /v1 added or with the endpoint removed, and success.
 */
import { t } from '../l10n';
import { inertText } from '../inertText';
import type { Diagnosis, Evidence } from '../types';
import { fixes, makeDiagnosis } from './builders';
import { baseEvidence, scrubberFor, shownModel } from './evidence';
import type { DiagnosisContext, ResponseFacts } from './responseFacts';

export function diagnoseMissingV1(suggestedUrl: string, facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  const scrubber = scrubberFor(ctx);
  const evidence = baseEvidence(facts, ctx, scrubber);
  return makeDiagnosis(
    'missing_v1',
    t('The Base URL is missing /v1'),
    t(
      '{0} gives 404, but {1}/models answers. The OpenAI-compatible API root ends in /v1: use {1} as the Base URL.',
      evidence.url ?? '',
      suggestedUrl,
    ),
    [fixes.useUrl(suggestedUrl)],
    evidence,
    t('No /v1'),
  );
}

export function diagnoseEndpointAsBaseUrl(suggestedUrl: string, facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  const scrubber = scrubberFor(ctx);
  const evidence = baseEvidence(facts, ctx, scrubber);
  return makeDiagnosis(
    'endpoint_as_base_url',
    t('The Base URL is a single endpoint, not the API root'),
    t(
      'The Base URL ends with an endpoint such as /chat/completions, so requests go to the wrong path (HTTP {0}). Use the API root {1}; clients add the endpoint themselves.',
      facts.status,
      suggestedUrl,
    ),
    [fixes.useUrl(suggestedUrl), fixes.editBaseUrl()],
    evidence,
    t('Endpoint URL'),
  );
}

interface OkSummary {
  modelCount?: number;
  model?: string;
  replyExcerpt?: string;
  requestId?: string;
  url?: string;
}

export function diagnoseOk(summary: OkSummary): Diagnosis {
  const parts: string[] = [];
  if (summary.modelCount !== undefined) parts.push(t('/v1/models returned {0} models.', summary.modelCount));
  if (summary.model) {
    parts.push(
      summary.replyExcerpt
        ? t('The test request to {0} answered: "{1}".', shownModel(summary.model), inertText(summary.replyExcerpt))
        : t('The test request to {0} succeeded.', shownModel(summary.model)),
    );
    parts.push(t('The key, Base URL, model and credits work together.'));
  } else {
    parts.push(t('The key and Base URL work. Pick one of the returned model ids to finish.'));
  }
  const evidence: Evidence = { status: 200 };
  if (summary.requestId) evidence.requestId = inertText(summary.requestId);
  if (summary.url) evidence.url = summary.url;
  return makeDiagnosis('ok', summary.model ? t('Connected') : t('Key and Base URL work'), parts.join(' '), [], evidence, t('OK'));
}
