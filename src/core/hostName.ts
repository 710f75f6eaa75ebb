/**
 * What a host name is, once the URL parser has found it: an IP literal (and whether only this
 * machine or its network can reach it) or a DNS name whose `xn--` labels a person reads as Unicode.
 * The Base URL analysis and the origin gate both decide where the key may go from these answers,
 * so they are computed here without DNS, from the text alone.
 *
 * Pure TypeScript, no `vscode` and no Node built-ins (the webview bundles it). Never throws.
 */

type IPv4 = [number, number, number, number];

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Lower-case, without IPv6 brackets or trailing dots: the form every comparison uses. */
export function cleanHost(hostname: string): string {
  return stripBrackets(
    String(hostname ?? '')
      .trim()
      .toLowerCase(),
  ).replace(/\.+$/, '');
}

/** True when nothing but dots (and brackets) is left: `.`, `...`, `[]`. */
export function isEmptyHost(hostname: string): boolean {
  return stripBrackets(hostname).replace(/\./g, '') === '';
}

function parseIPv4(host: string): IPv4 | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number) as IPv4;
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** Expands an IPv6 literal (no brackets) to 8 numbers, or undefined when it is not one. */
function parseIPv6(host: string): number[] | undefined {
  if (!host.includes(':')) return undefined;
  let text = host.split('%')[0] ?? '';
  // IPv4-mapped / embedded tail.
  const v4tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (v4tail) {
    const v4 = parseIPv4(v4tail[1] ?? '');
    if (!v4) return undefined;
    const hi = ((v4[0] << 8) | v4[1]).toString(16);
    const lo = ((v4[2] << 8) | v4[3]).toString(16);
    text = text.slice(0, -(v4tail[1] ?? '').length) + `${hi}:${lo}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const part of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(part)) return undefined;
      out.push(parseInt(part, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function isIPv4MappedOrCompat(words: number[]): boolean {
  return words.slice(0, 5).every((w) => w === 0) && (words[5] === 0xffff || words[5] === 0);
}

function v4FromWords(words: number[]): IPv4 {
  const hi = words[6] ?? 0;
  const lo = words[7] ?? 0;
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
}

/**
 * True for hosts that are this machine: `localhost` and `*.localhost`, 127.0.0.0/8, 0.0.0.0,
 * ::1 (with or without brackets) and IPv4-mapped loopback. Case-insensitive.
 */
export function isLoopbackHost(hostname: string): boolean {
  try {
    const host = cleanHost(hostname);
    if (!host) return false;
    if (host === 'localhost' || host.endsWith('.localhost')) return true;
    const v4 = parseIPv4(host);
    if (v4) return v4[0] === 127 || (v4[0] === 0 && v4[1] === 0 && v4[2] === 0 && v4[3] === 0);
    const v6 = parseIPv6(host);
    if (v6) {
      if (v6.slice(0, 7).every((w) => w === 0) && (v6[7] === 1 || v6[7] === 0)) return true;
      if (isIPv4MappedOrCompat(v6) && v6[5] === 0xffff) return v4FromWords(v6)[0] === 127;
    }
    return false;
  } catch {
    return false;
  }
}

/**
 * True for hosts only this machine or its local network can reach: loopback, RFC 1918
 * (10/8, 172.16/12, 192.168/16), link-local 169.254/16, carrier-grade NAT 100.64/10,
 * IPv6 unique-local fc00::/7 and link-local fe80::/10, `*.local`, `*.internal`, `*.lan`,
 * `*.home.arpa`, and single-label intranet names (no dot). Cursor's servers cannot reach them.
 */
export function isPrivateHost(hostname: string): boolean {
  try {
    const host = cleanHost(hostname);
    if (!host) return false;
    if (isLoopbackHost(host)) return true;
    const v4 = parseIPv4(host);
    if (v4) return isPrivateV4(v4);
    const v6 = parseIPv6(host);
    if (v6) {
      const first = v6[0] ?? 0;
      if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7
      if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10
      if (isIPv4MappedOrCompat(v6) && v6[5] === 0xffff) return isPrivateV4(v4FromWords(v6));
      return false;
    }
    if (/(^|\.)(local|internal|lan|home\.arpa|intranet|corp)$/.test(host)) return true;
    return !host.includes('.');
  } catch {
    return false;
  }
}

function isPrivateV4([a, b]: IPv4): boolean {
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

const PUNY_BASE = 36;

/** RFC 3492 decoding of one `xn--` label's payload; undefined when invalid. */
function punycodeDecode(input: string): string | undefined {
  const output: number[] = [];
  const delim = input.lastIndexOf('-');
  const basic = delim > 0 ? delim : 0;
  for (let j = 0; j < basic; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return undefined;
    output.push(c);
  }
  let n = 128;
  let i = 0;
  let bias = 72;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = PUNY_BASE; ; k += PUNY_BASE) {
      if (index >= input.length) return undefined;
      const cp = input.charCodeAt(index++);
      const digit = cp >= 48 && cp <= 57 ? cp - 22 : cp >= 65 && cp <= 90 ? cp - 65 : cp >= 97 && cp <= 122 ? cp - 97 : PUNY_BASE;
      if (digit >= PUNY_BASE) return undefined;
      i += digit * w;
      const tk = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
      if (digit < tk) break;
      w *= PUNY_BASE - tk;
      if (w > 0x7fffffff) return undefined;
    }
    const len = output.length + 1;
    let delta = oldi === 0 ? Math.floor((i - oldi) / 700) : (i - oldi) >> 1;
    delta += Math.floor(delta / len);
    let k = 0;
    while (delta > ((PUNY_BASE - 1) * 26) >> 1) {
      delta = Math.floor(delta / (PUNY_BASE - 1));
      k += PUNY_BASE;
    }
    bias = Math.floor(k + ((PUNY_BASE - 1 + 1) * delta) / (delta + 38));
    n += Math.floor(i / len);
    i %= len;
    if (n > 0x10ffff) return undefined;
    output.splice(i++, 0, n);
    if (output.length > 256) return undefined;
  }
  try {
    return String.fromCodePoint(...output);
  } catch {
    return undefined;
  }
}

/** `xn--` labels → Unicode, other labels unchanged. */
export function hostToUnicode(hostname: string): string {
  return String(hostname ?? '')
    .split('.')
    .map((label) => {
      if (!/^xn--/i.test(label)) return label;
      return punycodeDecode(label.slice(4).toLowerCase()) ?? label;
    })
    .join('.');
}

/** A punycode (`xn--`) label anywhere in the name. */
export function hasPunycodeLabel(hostname: string): boolean {
  return /(^|\.)xn--/i.test(hostname);
}
