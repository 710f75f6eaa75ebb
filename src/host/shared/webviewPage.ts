// The frame both webview pages (the setup panel, the usage view) share, so their CSP cannot drift apart.

export interface WebviewPageInput {
  /** webview.cspSource: the only origin styles, fonts and images may come from. */
  cspSource: string;
  scriptUri: string;
  /** Stylesheets linked in order, after the CSP. */
  styleUris: readonly string[];
  /** The page's <title> and its <h1>. */
  title: string;
  intro: string;
  /** Markup placed after the intro, inside <main>; its text is escaped by the caller. */
  body: string;
  bodyClass?: string;
  /** Fixed by tests; otherwise fresh per page. */
  nonce?: string;
  /** vscode.env.language, e.g. "en" or "es". */
  lang?: string;
}

/** Text for element content and for quoted attribute values. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A fresh nonce per page from crypto.randomBytes (node:crypto is loaded here, not at activation). */
export function createNonce(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return randomBytes(16).toString('base64');
}

/** Nothing by default; styles, fonts and images from the extension only; the one script by nonce. */
function strictCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** The whole document: head with the strict CSP, the heading and intro, the body, the nonce'd script. */
export function webviewPage(p: WebviewPageInput): string {
  const nonce = p.nonce ?? createNonce();
  const styles = p.styleUris.map((u) => `<link href="${esc(u)}" rel="stylesheet">`).join('\n');
  return `<!DOCTYPE html>
<html lang="${esc(p.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${strictCsp(p.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>${esc(p.title)}</title>
</head>
<body${p.bodyClass ? ` class="${esc(p.bodyClass)}"` : ''}>
<main id="main">
<h1>${esc(p.title)}</h1>
<p class="intro">${esc(p.intro)}</p>
${p.body}
</main>
<script nonce="${nonce}" src="${esc(p.scriptUri)}"></script>
</body>
</html>`;
}
