/**
 * Host names that imitate RutaAPI, and user info that pretends to be the host: each would make a
 * person send the key to someone else while reading "rutaapi". Two kinds of imitation: non-Latin
 * letters that look Latin (an IDN host, `аpi.rutaapi.com` with a Cyrillic а), an error because the
 * name is meant to deceive; and plain-ASCII near misses (`api.rutapi.com`), a warning because a
 * real gateway may simply have a similar name.
 *
 * Pure TypeScript, no `vscode` and no Node built-ins (the webview bundles it). Never throws.
 */
import { RUTAAPI_API_HOST, RUTAAPI_DASHBOARD_HOST, RUTAAPI_MARKETING_HOSTS } from './constants';

/** The hosts RutaAPI itself uses; a look-alike is compared against each. */
const RUTAAPI_HOSTS: readonly string[] = [RUTAAPI_API_HOST, RUTAAPI_DASHBOARD_HOST, ...RUTAAPI_MARKETING_HOSTS];
const BRAND = 'rutaapi';

/** `rutaapi.com` and any of its subdomains (lower-case host, no trailing dot). */
export function isRutaapiHost(host: string): boolean {
  return host === 'rutaapi.com' || host.endsWith('.rutaapi.com');
}

/**
 * True when `a` and `b` differ by at most one insertion, deletion, substitution or swap of two
 * neighbouring characters (optimal string alignment distance ≤ 1). Linear time.
 */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one substitution
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // one swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // one insertion or deletion
}

/**
 * True for a host that is not RutaAPI's but whose name resembles it: it contains "rutaapi"
 * (`api.rutaapi.com.evil.example`, `api-rutaapi.com`, `api.rutaapi.co`), a label is one edit from
 * "rutaapi" (`api.rutapi.com`, `rutaapl.io`), or the whole name is one edit from a RutaAPI host.
 * `host`: lower-case, ASCII (punycode), without brackets or a trailing dot. IP addresses never match.
 */
export function looksLikeRutaapiHost(host: string): boolean {
  try {
    const h = String(host ?? '')
      .toLowerCase()
      .replace(/\.+$/, '');
    if (!h || isRutaapiHost(h) || !/[a-z]/.test(h) || h.includes(':')) return false;
    if (h.includes(BRAND)) return true;
    if (h.split(/[.-]/).some((label) => label.length >= BRAND.length - 1 && withinOneEdit(label, BRAND))) return true;
    return RUTAAPI_HOSTS.some((real) => withinOneEdit(h, real));
  } catch {
    return false;
  }
}

/** Letters that look like Latin ones (Cyrillic, Greek, a few others) → the Latin letter. */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ӏ: 'l',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  к: 'k',
  м: 'm',
  т: 't',
  в: 'b',
  н: 'h',
  г: 'r',
  ү: 'y',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  χ: 'x',
  ε: 'e',
  ı: 'i',
  ɑ: 'a',
  ạ: 'a',
  á: 'a',
  à: 'a',
  â: 'a',
  ä: 'a',
  ã: 'a',
  å: 'a',
  ú: 'u',
  ù: 'u',
  û: 'u',
  ü: 'u',
  ụ: 'u',
  í: 'i',
  ì: 'i',
  ï: 'i',
  ṭ: 't',
  ţ: 't',
  ť: 't',
  ṗ: 'p',
  '０': '0',
  '１': '1',
};

function latinSkeleton(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += CONFUSABLES[ch] ?? ch;
  return out;
}

/**
 * True when `unicodeHost` (the name as a person reads it) spells RutaAPI only once its look-alike
 * letters are read as Latin ones. A name already in plain Latin letters never matches here.
 */
export function imitatesRutaapiWithHomoglyphs(unicodeHost: string): boolean {
  const skeleton = latinSkeleton(unicodeHost);
  if (skeleton === unicodeHost) return false;
  return skeleton === 'rutaapi.com' || skeleton.endsWith('.rutaapi.com') || /(^|[.-])rutaapi([.-]|$)/.test(skeleton);
}

/** Dots a reader takes for a host name's dot: ASCII, ideographic and full-width forms. */
const DOTS = /[.\u3002\uff0e\uff61]/;

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface DeceptiveUserinfo {
  /** The user-name part as a reader sees it (percent-decoded); never the password. */
  shown: string;
  /** The raw user-name part, exactly as in the URL. */
  rawUser: string;
}

/**
 * The user info of `https://api.rutaapi.com@gw.attacker.example/v1` makes the URL read as if it
 * pointed at RutaAPI while the request goes to gw.attacker.example. Returns what it pretends to be
 * when the user name looks like a host name (contains a dot, also after percent-decoding, as in
 * `api.rutaapi.com%2F@…`) or any part of the user info names RutaAPI; otherwise undefined.
 * `userinfo`: the raw text before the last `@` of the authority.
 */
export function deceptiveUserinfo(userinfo: string): DeceptiveUserinfo | undefined {
  try {
    const raw = String(userinfo ?? '');
    if (!raw) return undefined;
    const colon = raw.indexOf(':');
    const rawUser = colon === -1 ? raw : raw.slice(0, colon);
    const user = decodeLoosely(rawUser);
    const namesBrand = decodeLoosely(raw)
      .toLowerCase()
      .replace(/[^a-z]/g, '')
      .includes(BRAND);
    if (!DOTS.test(user) && !namesBrand) return undefined;
    return { shown: user, rawUser };
  } catch {
    return undefined;
  }
}
