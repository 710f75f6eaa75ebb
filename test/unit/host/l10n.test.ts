import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectL10nStrings } from './l10nStrings';

const root = join(__dirname, '../../..');
const readJson = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8')) as Record<string, string>;
const placeholders = (s: string) =>
  [...s.matchAll(/\{(\d+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

describe('localisation (English + Spanish complete)', () => {
  const { found, nonLiteral } = collectL10nStrings(root);
  const bundle = readJson('l10n/bundle.l10n.es.json');

  it('every t()/l10n.t() call passes a string literal (so it can be translated)', () => {
    // The translator itself (startHost.ts forwards core's t() to vscode.l10n.t) is the only exception.
    // host/shared/shown.ts's tShown() forwards its (literal, checked here at every call) message to t().
    const forwarders = [join('src', 'host', 'startHost.ts'), join('src', 'host', 'shared', 'shown.ts')];
    const bad = nonLiteral.filter((n) => !(forwarders.includes(n.file) && n.message === 'message'));
    assert.deepEqual(bad, []);
    assert.ok(found.length > 50, `found only ${found.length} strings`);
  });

  it('every string has a Spanish entry in l10n/bundle.l10n.es.json with the same placeholders', () => {
    const missing = [
      ...new Set(found.filter((f) => !(f.message in bundle)).map((f) => `${f.file}:${f.line}  ${JSON.stringify(f.message)}`)),
    ];
    assert.deepEqual(missing, [], `${missing.length} strings have no Spanish translation:\n${missing.join('\n')}`);
    const wrong = Object.entries(bundle)
      .filter(([en, es]) => placeholders(en) !== placeholders(es))
      .map(([en]) => en);
    assert.deepEqual(wrong, [], 'placeholders differ');
    const empty = Object.entries(bundle)
      .filter(([, es]) => !es.trim())
      .map(([en]) => en);
    assert.deepEqual(empty, []);
  });

  it('package.nls.es.json translates every key of package.nls.json, and package.json uses only known keys', () => {
    const en = readJson('package.nls.json');
    const es = readJson('package.nls.es.json');
    assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
    const pkg = readFileSync(join(root, 'package.json'), 'utf8');
    const used = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.deepEqual(
      used.filter((k) => !(k in en)),
      [],
    );
    assert.equal(en['rutaapi.command.configure'], 'Configure RutaAPI');
  });
});
