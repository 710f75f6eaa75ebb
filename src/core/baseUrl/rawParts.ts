/**
 * The URL split by hand, next to what the URL parser makes of it: the parser lower-cases and
 * punycode-encodes the host, drops empty user info and resolves `\`, so only the raw text still
 * shows what the user typed (a Cyrillic letter, an `@`, a doubled slash) and can be reported.
 */
export interface RawParts {
  scheme?: string;
  rawHost: string;
  hasUserinfo: boolean;
  /** The raw text before the last `@` of the authority ('' when none). */
  userinfo: string;
  rawPath: string;
  hasQueryOrFragment: boolean;
}

export function splitRaw(candidate: string): RawParts {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/s.exec(candidate);
  const rest = m ? (m[2] ?? '') : candidate;
  const authEnd = rest.search(/[/\\?#]/);
  const authority = authEnd === -1 ? rest : rest.slice(0, authEnd);
  const afterAuthority = authEnd === -1 ? '' : rest.slice(authEnd);
  const at = authority.lastIndexOf('@');
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  let rawHost: string;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    rawHost = close === -1 ? hostPort : hostPort.slice(0, close + 1);
  } else {
    const colon = hostPort.lastIndexOf(':');
    rawHost = colon === -1 ? hostPort : hostPort.slice(0, colon);
  }
  const qf = afterAuthority.search(/[?#]/);
  const rawPath = qf === -1 ? afterAuthority : afterAuthority.slice(0, qf);
  return {
    scheme: m ? (m[1] ?? '').toLowerCase() : undefined,
    rawHost,
    hasUserinfo: at !== -1,
    userinfo: at === -1 ? '' : authority.slice(0, at),
    rawPath,
    hasQueryOrFragment: qf !== -1,
  };
}
