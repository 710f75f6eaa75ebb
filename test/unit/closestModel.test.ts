import { strict as assert } from 'node:assert';
import { boundedLevenshtein, closestModel, compactModelId } from '../../src/core/closestModel';

const SANDBOX = ['gpt-4o-mini', 'gpt-4.1', 'claude-3-5-sonnet-20241022', 'deepseek-chat', 'llama-3.3-70b-instruct'];

describe('core closestModel', () => {
  it('exact match first, then case-insensitive', () => {
    assert.equal(closestModel('gpt-4.1', SANDBOX), 'gpt-4.1');
    assert.equal(closestModel('GPT-4o-Mini', SANDBOX), 'gpt-4o-mini');
    assert.equal(closestModel('  gpt-4.1 ', SANDBOX), 'gpt-4.1');
  });

  it('strips vendor prefixes and separators', () => {
    assert.equal(closestModel('openai/gpt-4.1', SANDBOX), 'gpt-4.1');
    assert.equal(closestModel('deepseek/deepseek_chat', SANDBOX), 'deepseek-chat');
    assert.equal(closestModel('gpt-4.1', ['openai/gpt-4.1', 'openai/gpt-4o']), 'openai/gpt-4.1');
  });

  it('finds near misses and dated versions', () => {
    assert.equal(closestModel('claude-3.5-sonnet', SANDBOX), 'claude-3-5-sonnet-20241022');
    assert.equal(closestModel('llama-3.3-70b', SANDBOX), 'llama-3.3-70b-instruct');
    assert.equal(closestModel('deepseek', SANDBOX), 'deepseek-chat');
    assert.equal(closestModel('gpt-4o-mni', SANDBOX), 'gpt-4o-mini');
    assert.equal(closestModel('gpt-41', SANDBOX), 'gpt-4.1');
  });

  it('returns undefined when nothing is reasonably close', () => {
    assert.equal(closestModel('mistral-large-latest', SANDBOX), undefined);
    assert.equal(closestModel('x', SANDBOX), undefined);
    assert.equal(closestModel('whisper-1', SANDBOX), undefined);
  });

  it('handles empty and odd input', () => {
    assert.equal(closestModel('', SANDBOX), undefined);
    assert.equal(closestModel('gpt-4.1', []), undefined);
    assert.equal(closestModel(undefined, SANDBOX), undefined);
    assert.equal(closestModel('gpt-4.1', undefined), undefined);
    assert.equal(closestModel('///', SANDBOX), undefined);
  });

  it('prefers the closest length on equal scores, then list order', () => {
    assert.equal(closestModel('gpt-4o', ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini', 'gpt-4o-2024']), 'gpt-4o-mini');
  });

  // How fast this is on 10,000 ids is measured by `npm run bench` (model picker section), not here.
  it('finds the closest id among 10,000', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `vendor${i % 40}/family-${i % 97}-model-${i}-instruct`);
    assert.equal(closestModel('family-9-model-5150-instruct', ids), 'vendor30/family-9-model-5150-instruct');
    assert.equal(closestModel('completely-unrelated-name-zzz', ids), undefined);
    assert.equal(closestModel('family-9-model-5150-instrct', ids), 'vendor30/family-9-model-5150-instruct');
  });

  it('helpers', () => {
    assert.equal(compactModelId('OpenAI/GPT-4.1_mini'), 'gpt41mini');
    assert.equal(boundedLevenshtein('kitten', 'sitting', 5), 3);
    assert.equal(boundedLevenshtein('kitten', 'sitting', 2), 3); // abandoned: max + 1
    assert.equal(boundedLevenshtein('', 'abc', 5), 3);
    assert.equal(boundedLevenshtein('same', 'same', 0), 0);
  });
});
