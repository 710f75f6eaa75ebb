import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';

const ACCOUNT = {
  summary: '3.21 USD left of 10.00 USD (32 %)',
  lines: ['Used: 6.79 USD'],
  unlimited: false,
  low: false,
  available: 3.21,
  granted: 10,
  used: 6.79,
  unit: 'USD',
  expiresAt: null,
  readAt: 1,
  topUp: 'https://app.rutaapi.com/console/topup',
};

describe('setup panel protocol (zod)', () => {
  it('webview → host: accepts valid messages', () => {
    const valid = [
      { type: 'ready' },
      { type: 'verify', baseUrl: 'https://api.rutaapi.com/v1', apiKey: 'sk-x', model: 'gpt-4.1' },
      { type: 'verify', baseUrl: '', apiKey: '' },
      { type: 'verifyModel', baseUrl: 'u', apiKey: 'k', model: 'm' },
      { type: 'cancel' },
      { type: 'save', baseUrl: 'u', apiKey: 'k', model: 'm', scope: 'workspace' },
      { type: 'open', target: 'billing' },
      { type: 'open', target: 'tokens', url: 'https://app.rutaapi.com/console/token' },
      { type: 'open', target: 'usage' },
      { type: 'copy', what: 'key' },
    ];
    for (const m of valid) assert.ok(parseWebviewMessage(m), JSON.stringify(m));
  });

  it('webview → host: rejects malformed and unknown messages', () => {
    const invalid = [
      undefined,
      null,
      1,
      'ready',
      [],
      {},
      { type: 'analyze', seq: 1, baseUrl: '', apiKey: '' },
      { type: 'exec', command: 'rm' },
      { type: 'verify', baseUrl: 1, apiKey: 'k' },
      { type: 'verify', baseUrl: 'u' },
      { type: 'save', baseUrl: 'u', apiKey: 'k', model: 'm', scope: 'global' },
      { type: 'open', target: 'https://evil.example' },
      { type: 'copy', what: 'secrets' },
      { type: 'ready', extra: true },
      { type: 'verify', baseUrl: 'x'.repeat(5000), apiKey: 'k' },
      { type: 'open', target: 'tokens', url: `https://x.example/${'a'.repeat(3000)}` },
      { type: 'open', target: 'tokens', url: 1 },
    ];
    for (const m of invalid) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m)?.slice(0, 80));
  });

  it('host → webview: accepts valid messages', () => {
    const valid = [
      {
        type: 'init',
        strings: { verify: 'Verify' },
        state: {
          baseUrl: 'u',
          defaultBaseUrl: 'u',
          model: '',
          hasKey: false,
          isCursor: true,
          hasWorkspace: false,
          useBaseUrlAsEntered: false,
        },
      },
      {
        type: 'init',
        strings: {},
        l10n: { Hello: 'Hola' },
        state: {
          baseUrl: 'u',
          defaultBaseUrl: 'u',
          model: 'm',
          hasKey: true,
          keyRedacted: 'sk-ru…a1b2',
          isCursor: false,
          hasWorkspace: true,
          useBaseUrlAsEntered: true,
        },
      },
      { type: 'step', step: { name: 'models', state: 'ok', status: 200, latencyMs: 12, requestId: 'r', modelCount: 5 } },
      { type: 'step', step: { name: 'chat', state: 'running' } },
      { type: 'models', models: ['a', 'b'], selected: 'a' },
      {
        type: 'verifyDone',
        ok: false,
        cancelled: false,
        diagnosis: {
          code: 'unauthorized',
          severity: 'error',
          title: 't',
          detail: 'd',
          short: '401',
          fixes: [{ kind: 'open_tokens', label: 'Open Tokens' }],
          status: 401,
        },
      },
      { type: 'saved', baseUrl: 'u', model: 'm', scope: 'user', keyRedacted: 'sk-…' },
      { type: 'saveFailed', message: 'x' },
      { type: 'announce', text: 'x' },
      { type: 'savedSettings', baseUrl: 'https://api.rutaapi.com/v1', model: 'gpt-4.1' },
      { type: 'account', account: null },
      { type: 'account', account: ACCOUNT },
      {
        type: 'account',
        account: { ...ACCOUNT, unlimited: true, available: null, granted: null, topUp: null, expiresAt: '2030-01-02T00:00:00.000Z' },
      },
      { type: 'dashboard', dashboard: null },
      { type: 'dashboard', dashboard: { keys: 'https://app.rutaapi.com/keys', topUp: 'https://app.rutaapi.com/wallet', usage: null } },
    ];
    for (const m of valid) assert.ok(parseHostMessage(m), JSON.stringify(m));
  });

  it('host → webview: rejects malformed/unknown messages, and no message type can carry a key field', () => {
    const invalid = [
      null,
      {},
      { type: 'eval', code: 'x' },
      { type: 'step', step: { name: 'other', state: 'ok' } },
      { type: 'models', models: [1] },
      { type: 'models', models: ['a'], others: [{ id: 'e', serves: ['embeddings'], apiKey: 'sk-secret' }] },
      { type: 'models', models: ['a'], others: [{ id: 'e', serves: Array(33).fill('embeddings') }] },
      { type: 'saved', baseUrl: 'u', model: 'm', scope: 'user', keyRedacted: 'x', apiKey: 'sk-secret' },
      { type: 'announce', text: 'x', apiKey: 'sk-secret' },
      { type: 'savedSettings', baseUrl: 'u', model: 'm', apiKey: 'sk-secret' },
      { type: 'account', account: { ...ACCOUNT, apiKey: 'sk-secret' } },
      { type: 'account', account: { ...ACCOUNT, lines: Array(9).fill('x') } },
      { type: 'account', account: { ...ACCOUNT, available: '3' } },
      { type: 'account' },
      { type: 'dashboard', dashboard: { keys: null, topUp: null, usage: null, apiKey: 'sk-secret' } },
    ];
    for (const m of invalid) assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
  });

  it('fuzz: parsers never throw on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        parseHostMessage(v);
        parseWebviewMessage(v);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('host → webview: fitHostMessage bounds every string to the schema caps', () => {
  // Loaded lazily so this file still runs on a protocol module without the function (the test then fails, not the suite).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const fit = () => (require('../../src/protocol/messages') as typeof import('../../src/protocol/messages')).fitHostMessage;
  const huge = (c: string) => c.repeat(100_000);
  // One message of every type with every string field (every capped one) far over its cap.
  const oversized = () => [
    {
      type: 'init',
      strings: { verify: 'Verify' },
      state: {
        baseUrl: huge('u'),
        defaultBaseUrl: huge('d'),
        model: huge('m'),
        hasKey: true,
        keyRedacted: huge('k'),
        isCursor: false,
        hasWorkspace: true,
        useBaseUrlAsEntered: false,
      },
    },
    {
      type: 'step',
      step: {
        name: 'models',
        state: 'fail',
        status: 500,
        latencyMs: 1,
        requestId: huge('r'),
        modelCount: 1,
        replyExcerpt: huge('e'),
        model: huge('m'),
      },
    },
    { type: 'models', models: ['gpt-4.1', huge('x'), 'deepseek-chat'], selected: huge('s') },
    {
      type: 'verifyDone',
      ok: false,
      cancelled: false,
      verifiedModel: huge('v'),
      diagnosis: {
        code: huge('c'),
        severity: 'error',
        title: huge('t'),
        detail: huge('d'),
        short: huge('s'),
        fixes: [{ kind: huge('k'), label: huge('l'), value: huge('v') }],
        status: 302,
        requestId: huge('r'),
      },
    },
    { type: 'saved', baseUrl: huge('u'), model: huge('m'), scope: 'user', keyRedacted: huge('k') },
    { type: 'saveFailed', message: huge('f') },
    { type: 'announce', text: huge('a') },
    { type: 'savedSettings', baseUrl: huge('u'), model: huge('m') },
    { type: 'keyState', hasKey: true, keyRedacted: huge('k') },
    {
      type: 'account',
      account: { ...ACCOUNT, summary: huge('s'), lines: [huge('l')], unit: huge('u'), expiresAt: huge('e'), topUp: huge('t') },
    },
    { type: 'dashboard', dashboard: { keys: huge('k'), topUp: huge('t'), usage: huge('u') } },
  ];

  it('every oversized message of every type passes the real schema after fitting; cut strings end in an ellipsis', () => {
    for (const m of oversized()) {
      assert.equal(parseHostMessage(m), undefined, `precondition: ${m.type} is over the caps`);
      const fitted = fit()(m as never);
      assert.ok(fitted, `${m.type} fitted`);
      assert.ok(parseHostMessage(fitted), `${m.type} passes the schema after fitting`);
      const strings: string[] = [];
      const walk = (v: unknown) => {
        if (typeof v === 'string') strings.push(v);
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      walk({ ...fitted, strings: undefined });
      for (const s of strings) if (s.length > 100) assert.ok(s.endsWith('…'), `${m.type}: a cut string ends with …`);
    }
  });

  it('one over-long model id is dropped (with a note), the usable ids arrive; an over-long selection is dropped, not cut', () => {
    const notes: string[] = [];
    const fitted = fit()({ type: 'models', models: ['gpt-4.1', 'x'.repeat(600), 'deepseek-chat'], selected: 'y'.repeat(600) }, (n) =>
      notes.push(n),
    );
    assert.deepEqual(fitted, { type: 'models', models: ['gpt-4.1', 'deepseek-chat'] });
    assert.equal(notes.length, 2);
    assert.ok(
      notes.every((n) => n.length < 300),
      'notes do not repeat the long value',
    );
  });

  it("the models that cannot chat: an over-long id is dropped, an over-long endpoint type cut, no more than the cap's types", () => {
    const notes: string[] = [];
    const fitted = fit()(
      {
        type: 'models',
        models: ['gpt-4.1'],
        others: [
          { id: 'z'.repeat(600), serves: ['embeddings'] },
          { id: 'emb', serves: ['embeddings', 't'.repeat(100), ...Array(40).fill('x')] },
        ],
      },
      (n) => notes.push(n),
    );
    assert.ok(fitted && fitted.type === 'models');
    assert.deepEqual(
      fitted.others?.map((o) => o.id),
      ['emb'],
    );
    const serves = fitted.others?.[0].serves ?? [];
    assert.equal(serves.length, 32);
    assert.equal(serves[1].length, 64);
    assert.ok(serves[1].endsWith('…'));
    assert.equal(notes.length, 2, 'one note for the dropped id, one for the cut type');
  });

  it('an oversized field is cut at construction to exactly its cap (one pass, a note naming the field)', () => {
    const { CAPS } = require('../../src/protocol/messages') as typeof import('../../src/protocol/messages'); // eslint-disable-line @typescript-eslint/no-require-imports -- as fit() above
    const notes: string[] = [];
    const step = { name: 'chat', state: 'ok', replyExcerpt: `${'😀'.repeat(CAPS.replyExcerpt)}`, requestId: null } as const;
    const fitted = fit()({ type: 'step', step }, (n) => notes.push(n));
    assert.ok(fitted && fitted.type === 'step');
    const excerpt = fitted.step.replyExcerpt ?? '';
    assert.ok(excerpt.length <= CAPS.replyExcerpt && excerpt.length >= CAPS.replyExcerpt - 2, `cut to the cap (${excerpt.length})`);
    assert.ok(excerpt.endsWith('😀…'), 'no surrogate pair split, an ellipsis at the end');
    assert.equal(fitted.step.requestId, null, 'a null field stays null');
    assert.deepEqual(notes, [
      `Cut 'step.replyExcerpt' of a 'step' message from ${step.replyExcerpt.length} to ${CAPS.replyExcerpt} characters`,
    ]);
  });

  it('a message the caps cannot explain (an unknown field) is not sent', () => {
    assert.equal(fit()({ type: 'announce', text: 'x', extra: 1 } as never), undefined);
  });

  it('a message within the caps is returned unchanged', () => {
    const m = { type: 'announce', text: 'Verifying…' } as const;
    assert.deepEqual(fit()(m), m);
  });
});
