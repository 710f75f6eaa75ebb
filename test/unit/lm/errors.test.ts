// Chat errors may be rendered as markdown (VS Code puts a chat error's message in a MarkdownString):
// no markdown link form in a gateway's text may become a link there, and the text still reads as written.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
// markdown-it with linkify (fuzzy links, e-mail, `//host`) finds more links than VS Code's marked: a strict reader.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS test-only renderer
const MarkdownIt = require('markdown-it') as new (options: object) => unknown;
import { makeDiagnosis } from '../../../src/core/diagnosis/builders';
import { chatErrorMessage } from '../../../src/core/lm/errors';

const md = new MarkdownIt({ html: true, linkify: true }) as { render(text: string): string; linkify: { set(o: object): void } };
// Bare domains (`x.com`) are no markdown form and VS Code's renderer (marked, GFM) leaves them alone;
// `www.`, `https://`, `//host` and e-mail addresses are still links to this reader.
md.linkify.set({ fuzzyLink: false });

/** What a reader sees of rendered HTML: the text without tags, entities decoded. */
function renderedText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

function messageFor(serverText: string): string {
  return chatErrorMessage(makeDiagnosis('unauthorized', 'The key was rejected', `The server says: "${serverText}"`, [], {}, '401'));
}

function assertNoLink(message: string): void {
  // GFM's www autolink, which linkify without fuzzy links does not look for.
  assert.doesNotMatch(message, /(?<![\w.-])www\./i, `a www. link can form: ${message}`);
  const html = md.render(message);
  // Markdown's own formatting (code spans, emphasis…) is harmless; a link, an image or HTML from the text is not.
  const MARKDOWN_TAGS = /^\/?(?:p|br|code|em|strong|s|del|pre|blockquote|h[1-6]|ul|ol|li|hr)$/;
  for (const [, tag] of html.matchAll(/<(\/?[a-z0-9]+)/gi)) assert.match(tag, MARKDOWN_TAGS, `a link or tag formed: ${html}`);
}

const HOSTILE = [
  '[Open Billing](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%22%7D)',
  '[Top up](https://evil.example/pay "title")',
  '![x](https://evil.example/pixel.png)',
  '[Top up][1]\n\n[1]: https://evil.example/pay',
  '[Top up]\n\n[top up]: https://evil.example/pay',
  '<https://evil.example/pay>',
  '<mailto:billing@evil.example>',
  '<a href="https://evil.example">Billing</a>',
  'Pay at https://evil.example/pay now',
  'Pay at http://127.0.0.1:8080/pay now',
  'Pay at www.evil.example/pay now',
  'Pay at www.evil.com/pay now',
  'Write to billing@evil.example',
  'Write to billing@evil.com',
  'Pay at //evil.example/pay',
  'Pay at ftp://evil.example/pay',
  'Escaped \\[Top up\\](https://evil.example) and \\<https://evil.example>',
  'Entities &#91;Top up&#93;(https://evil.example)',
];

describe('lm chat errors: no markdown link form survives', () => {
  for (const text of HOSTILE) {
    it(`no link from ${JSON.stringify(text.slice(0, 60))}`, () => {
      assertNoLink(messageFor(text));
    });
  }

  it('rendered as markdown it reads as written (only the escapes go)', () => {
    const message = messageFor('Pay at https://evil.example/pay or [Top up](https://evil.example) <b>now</b>');
    assert.equal(
      renderedText(md.render(message)),
      'RutaAPI: The key was rejected. The server says: "Pay at https://evil.example/pay or [Top up](https://evil.example) <b>now</b>"',
    );
  });

  it('ordinary text keeps its look in plain text: no escape where no link can form', () => {
    const message = chatErrorMessage(
      makeDiagnosis('insufficient_credits', 'No credits left (HTTP 403)', 'Top up in the dashboard (Billing): 0.00 USD left.', [], {}, 'x'),
    );
    assert.equal(message, 'RutaAPI: No credits left (HTTP 403). Top up in the dashboard (Billing): 0.00 USD left.');
  });

  it('any mix of link pieces (seeded): no link, and it reads as written', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '!',
      ':',
      '//',
      '.',
      '@',
      '\\',
      '"',
      ' ',
      '\n',
      'https',
      'http',
      'mailto',
      'www',
      'evil',
      'com',
      'example',
      'x',
      '1',
      'command',
      '&',
      '#',
      ';',
      '*',
      '_',
      '`',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const message = messageFor(text);
        assertNoLink(message);
      }),
      { seed: 0x22_99, numRuns: 2000 },
    );
  });
});
