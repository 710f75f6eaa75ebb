/** The web pages the sandbox serves where a person might paste the wrong URL: the website and the dashboard. */
import { htmlPage } from './http';

export const MARKETING_HTML = htmlPage(
  'RutaAPI — one OpenAI-compatible API (sandbox)',
  'This is the website, not the API. The API Base URL is the origin followed by /v1.',
);
export const DASHBOARD_HTML = htmlPage('RutaAPI Dashboard (sandbox)', 'Tokens · Billing · Usage. This is the dashboard, not the API.');
/** new-api's dashboard pages: default theme, classic theme, sign-up/log-in. */
export const DASHBOARD_PAGES: ReadonlySet<string> = new Set([
  '/keys',
  '/wallet',
  '/usage-logs',
  '/pricing',
  '/sign-up',
  '/sign-in',
  '/console/token',
  '/console/topup',
  '/console/log',
  '/register',
  '/login',
]);
