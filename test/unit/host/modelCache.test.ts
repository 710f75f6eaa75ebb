// The model cache keeps what each model serves next to its ids (issue 21: a session that has not checked the
// connection still sends a Responses-only model to the Responses API). Read back validated; old caches still read.
import { strict as assert } from 'node:assert';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { FakeMemento } from './fakes';

const KEY = 'rutaapi.modelCache';
const BASE = 'https://api.rutaapi.com/v1';

describe('ModelCache', () => {
  it("keeps each listed model's endpoint types, only for the listed ids", async () => {
    const m = new FakeMemento();
    const cache = new ModelCache(m);
    await cache.set(
      BASE,
      ['gpt-4.1', 'codex-mini'],
      { 'gpt-4.1': ['openai', 'openai-response'], 'codex-mini': ['openai-response'], 'tts-1': ['audio'] },
      5,
    );
    assert.deepEqual(cache.get(BASE), {
      models: ['gpt-4.1', 'codex-mini'],
      fetchedAt: 5,
      endpoints: { 'gpt-4.1': ['openai', 'openai-response'], 'codex-mini': ['openai-response'] },
    });
    // A later list without types (a gateway that does not send the field) leaves none behind.
    await cache.set(BASE, ['gpt-4.1'], undefined, 6);
    assert.deepEqual(cache.get(BASE), { models: ['gpt-4.1'], fetchedAt: 6 });
  });

  it('reads a cache written before the types were kept', () => {
    const m = new FakeMemento();
    m.data.set(KEY, { [BASE]: { models: ['gpt-4o-mini', 'deepseek-chat'], fetchedAt: 1 } });
    assert.deepEqual(new ModelCache(m).get(BASE), { models: ['gpt-4o-mini', 'deepseek-chat'], fetchedAt: 1 });
  });

  it('drops what does not have the shape on read: a bad entry is none, bad or oversized types are left out', () => {
    const m = new FakeMemento();
    m.data.set(KEY, {
      'https://a.example/v1': { models: 'gpt-4.1', fetchedAt: 1 },
      'https://b.example/v1': { models: ['x', 7], fetchedAt: 1 },
      [BASE]: {
        models: ['ok', 'bad', 'long', 'many', 'empty', '__proto__'],
        fetchedAt: 'yesterday',
        endpoints: {
          ok: ['openai-response'],
          bad: 'openai',
          long: ['x'.repeat(65)],
          many: Array.from({ length: 17 }, (_, i) => `t${i}`),
          empty: [''],
          ['__proto__']: ['openai'],
          unlisted: ['openai'],
        },
      },
      'https://c.example/v1': { models: ['y'], fetchedAt: 2, endpoints: ['openai'] },
    });
    const cache = new ModelCache(m);
    assert.equal(cache.get('https://a.example/v1'), undefined);
    assert.equal(cache.get('https://b.example/v1'), undefined);
    assert.equal(cache.get('constructor'), undefined);
    const e = cache.get(BASE)!;
    assert.equal(e.fetchedAt, 0);
    assert.deepEqual(Object.keys(e.endpoints!).sort(), ['__proto__', 'ok']);
    assert.deepEqual(e.endpoints!.ok, ['openai-response']);
    assert.equal(Object.getPrototypeOf(e.endpoints), Object.prototype, 'an id named __proto__ stays data');
    assert.deepEqual(cache.get('https://c.example/v1'), { models: ['y'], fetchedAt: 2 });
  });

  it('at most ten Base URLs, the newest kept; unreadable entries are not written back', async () => {
    const m = new FakeMemento();
    m.data.set(KEY, { 'https://broken.example/v1': { models: null } });
    const cache = new ModelCache(m);
    for (let i = 0; i < 12; i++) await cache.set(`https://g${i}.example/v1`, [`m${i}`], { [`m${i}`]: ['openai'] }, 100 + i);
    const stored = Object.keys(m.data.get(KEY) as object);
    assert.equal(stored.length, 10);
    assert.ok(!stored.includes('https://broken.example/v1'));
    assert.ok(!stored.includes('https://g0.example/v1') && !stored.includes('https://g1.example/v1'));
    assert.deepEqual(cache.get('https://g11.example/v1')?.endpoints, { m11: ['openai'] });
  });
});
