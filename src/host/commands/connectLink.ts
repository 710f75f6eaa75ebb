import { analyzeApiKey, keyPrefix } from '../../core/apiKey';
import { analyzeBaseUrl, isLoopbackHost, withV1 } from '../../core/baseUrl';
import { t } from '../../core/l10n';

/**
 * The dashboard's "open in app" link (new-api's `Chats` setting):
 * `<uriScheme>://rutaapi.rutaapi-connect/connect?address={address}&key={key}`. A link can come from
 * any web page, so it is read strictly and never trusted: it may only fill the setup panel (Save
 * stays the person's click), and an origin the person has not chosen is put to them first
 * (connectUri.ts). Nothing here logs or echoes the link or the key (at most the key's prefix).
 *
 * Parameters: `address` and `key` exactly once each. Unknown parameters are ignored (never read,
 * never shown: an editor or a dashboard may add its own); a repeated `address` or `key` is refused
 * (which one would be meant?).
 */
const CONNECT_PATH = '/connect';
/** Longest query read at all; past it nothing is parsed. */
const MAX_LINK_QUERY = 4096;
/** Longest address accepted (a server address, not a page). */
const MAX_LINK_ADDRESS = 2048;
/** Longest key accepted (RutaAPI keys are about 50 characters). */
export const MAX_LINK_KEY = 256;
const MAX_LINK_PARAMS = 16;

type LinkRefusal =
  | 'unknown_path'
  | 'too_long'
  | 'duplicate_parameter'
  | 'missing_address'
  | 'missing_key'
  | 'key_too_long'
  | 'malformed_key'
  | 'foreign_key'
  | 'not_web_address'
  | 'insecure_http'
  | 'address_with_extras';

export interface ConnectLink {
  /** The API root the panel verifies (the dashboard's address mapped as the panel maps it; no path → /v1). */
  baseUrl: string;
  /** The key, cleaned. Secret: never log or show it. */
  key: string;
  /** The key's prefix, the most of it any line shows. */
  keyPrefix: string;
  origin: string;
}

type ParsedLink = { ok: true; link: ConnectLink } | { ok: false; reason: LinkRefusal };

/** Reads a `connect` link from the URI's path and (already decoded) query. Never throws. */
export function parseConnectLink(uri: { path: string; query: string }): ParsedLink {
  const refuse = (reason: LinkRefusal): ParsedLink => ({ ok: false, reason });
  if (uri.path !== CONNECT_PATH) return refuse('unknown_path');
  if (uri.query.length > MAX_LINK_QUERY) return refuse('too_long');
  const params = new URLSearchParams(uri.query);
  const names = [...params.keys()];
  if (names.length > MAX_LINK_PARAMS) return refuse('too_long');
  const address = params.getAll('address');
  const key = params.getAll('key');
  if (address.length > 1 || key.length > 1) return refuse('duplicate_parameter');
  if (!address[0]?.trim()) return refuse('missing_address');
  if (!key[0]?.trim()) return refuse('missing_key');
  if (key[0].length > MAX_LINK_KEY) return refuse('key_too_long');
  const analysis = analyzeApiKey(key[0]);
  if (!analysis.cleaned) return refuse('malformed_key');
  if (analysis.foreignPlatform) return refuse('foreign_key');
  const target = apiRootOf(address[0]);
  if (typeof target !== 'object') return refuse(target);
  return { ok: true, link: { ...target, key: analysis.cleaned, keyPrefix: keyPrefix(analysis.cleaned) } };
}

/**
 * The API root for the dashboard's server address, as the panel maps it: RutaAPI's website or
 * dashboard stands for RutaAPI's Base URL (the engine's `marketing_site` / `dashboard_url` fix),
 * an address without a path gets `/v1`, any other path is kept.
 */
function apiRootOf(address: string): { baseUrl: string; origin: string } | LinkRefusal {
  const text = address.trim();
  if (text.length > MAX_LINK_ADDRESS) return 'too_long';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not_web_address';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not_web_address';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'insecure_http';
  if (url.username || url.password || url.search || url.hash) return 'address_with_extras';
  const analysis = analyzeBaseUrl(text);
  const mapped = analysis.findings.find((f) => f.code === 'marketing_site' || f.code === 'dashboard_url')?.suggestedUrl;
  const root = url.pathname === '/' || url.pathname === '' ? withV1(url.origin) : (analysis.normalized ?? undefined);
  const baseUrl = mapped ?? root;
  if (!baseUrl) return 'not_web_address';
  return { baseUrl, origin: new URL(baseUrl).origin };
}

/** What the person is told when a link is refused: specific, and never quoting the link. */
export function refusalText(reason: LinkRefusal): string {
  const lead = t('RutaAPI Connect did not use this link, and nothing was sent.');
  return `${lead} ${REFUSALS[reason]()}`;
}

const REFUSALS: Record<LinkRefusal, () => string> = {
  unknown_path: () => t('It is not a connect link (expected …/connect?address=…&key=…).'),
  too_long: () => t('It is too long to be a dashboard link.'),
  duplicate_parameter: () => t('It names the address or the key more than once.'),
  missing_address: () => t('It has no server address.'),
  missing_key: () => t('It has no API key.'),
  key_too_long: () => t('Its key is longer than {0} characters, so it is not an API key.', MAX_LINK_KEY),
  malformed_key: () => t('Its key is not a well-formed API key.'),
  foreign_key: () => t('Its key is from another platform, not from a RutaAPI-compatible gateway.'),
  not_web_address: () => t('Its server address is not an https:// address.'),
  insecure_http: () => t('Its server address uses http://, which would send your key unencrypted. Only https:// is accepted.'),
  address_with_extras: () => t('Its server address carries a user name, password, query or fragment.'),
};
