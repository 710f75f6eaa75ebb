/**
 * 2xx answers that are not what an OpenAI-compatible API returns. A success status from a website,
 * a dashboard or a captive portal must not read as a working connection with 0 models.
 */
import { t } from '../l10n';
import { MAX_MODEL_LIST_BYTES, MAX_RESPONSE_BYTES, RUTAAPI_BASE_URL } from '../constants';
import type { Diagnosis } from '../types';
import { fixes, makeDiagnosis, resolveDashboard } from './builders';
import { baseEvidence, excerpt, scrubberFor } from './evidence';
import type { DiagnosisContext, ResponseFacts } from './responseFacts';

export type ContentProblem = 'html' | 'not_json' | 'not_utf8' | 'no_data' | 'no_choices' | 'empty_models' | 'too_large';

export function diagnoseContent(problem: ContentProblem, facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  return resolveDashboard(contentDiagnosis(problem, facts, ctx), ctx.dashboard, ctx.baseUrl ?? facts.url ?? ctx.url);
}

function contentDiagnosis(problem: ContentProblem, facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  const scrubber = scrubberFor(ctx);
  const evidence = baseEvidence(facts, ctx, scrubber);
  const url = evidence.url ?? '';
  const path = ctx.step === 'chat' ? '/chat/completions' : '/models';
  switch (problem) {
    case 'html': {
      const title = facts.bodyText ? /<title[^>]*>([^<]*)<\/title>/i.exec(facts.bodyText)?.[1] : undefined;
      if (title) evidence.errorMessage = excerpt(title, scrubber, 120);
      return makeDiagnosis(
        'html_response',
        t('The Base URL serves a web page, not the API'),
        t(
          '{0} answered with an HTML page{1}. That is a website or dashboard, not an OpenAI-compatible API. Use the API root, e.g. {2}.',
          url,
          title ? ` ("${excerpt(title, scrubber, 80, true)}")` : '',
          RUTAAPI_BASE_URL,
        ),
        [fixes.useUrl(RUTAAPI_BASE_URL), fixes.editBaseUrl()],
        evidence,
        t('HTML'),
      );
    }
    case 'too_large':
      return makeDiagnosis(
        'response_too_large',
        t('The response is too large'),
        t(
          '{0} sent more than {1} MB, so it was cut off instead of being loaded into memory. An OpenAI-compatible {2} answer is much smaller; check that the Base URL is the API root.',
          url,
          Math.round((ctx.step === 'chat' ? MAX_RESPONSE_BYTES : MAX_MODEL_LIST_BYTES) / (1024 * 1024)),
          path,
        ),
        [fixes.editBaseUrl(), fixes.contactSupport()],
        evidence,
        t('Too large'),
      );
    case 'empty_models':
      return makeDiagnosis(
        'no_models',
        t('No models are enabled for this key'),
        t(
          'The key works, but /v1/models returned an empty list, so there is no model to use. Model availability is per account: add credits or enable models in the RutaAPI dashboard, or contact support.',
        ),
        [fixes.openDashboard(), fixes.openBilling(), fixes.contactSupport()],
        evidence,
        t('No models'),
      );
    default: {
      const what =
        problem === 'not_utf8'
          ? t('is not valid UTF-8 text')
          : problem === 'not_json'
            ? t('is not valid JSON')
            : problem === 'no_data'
              ? t('has no "data" array of models')
              : t('has no "choices" array');
      return makeDiagnosis(
        'invalid_response',
        t('Not an OpenAI-compatible answer'),
        t(
          '{0} answered HTTP {1}, but the body {2}. The Base URL does not look like an OpenAI-compatible API root (expected {3} in the OpenAI format).',
          url,
          facts.status,
          what,
          path,
        ),
        [fixes.editBaseUrl(), fixes.contactSupport()],
        evidence,
        t('Bad response'),
      );
    }
  }
}
