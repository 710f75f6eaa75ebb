import { strict as assert } from 'node:assert';
import { pickSmallModel, planUtilityModels, utilityModelValue } from '../../src/core/utilityModels';

describe('utility models: the small slot by name, the value VS Code expects', () => {
  it('prefers mini/nano, then flash/haiku, then small/lite/tiny/turbo, then small open-weight sizes; list order breaks ties', () => {
    assert.equal(pickSmallModel(['gpt-4.1', 'claude-3-5-haiku', 'gpt-4o-mini', 'gemini-2.0-flash']), 'gpt-4o-mini');
    assert.equal(pickSmallModel(['claude-3-5-sonnet', 'gemini-2.0-flash', 'claude-3-5-haiku']), 'gemini-2.0-flash');
    assert.equal(pickSmallModel(['gpt-4.1', 'mistral-small-latest', 'llama-3.1-8b-instruct']), 'mistral-small-latest');
    assert.equal(pickSmallModel(['gpt-4.1', 'llama-3.1-8b-instruct']), 'llama-3.1-8b-instruct');
    assert.equal(pickSmallModel(['GPT-4.1-NANO']), 'GPT-4.1-NANO');
  });

  it('whole words only: "gemini" is not "mini", "flashy" is not "flash"; nothing small → undefined', () => {
    assert.equal(pickSmallModel(['gemini-2.5-pro', 'flashy-large', 'minimax-m1']), undefined);
    assert.equal(pickSmallModel([]), undefined);
  });

  it('the value is vendor/id', () => {
    assert.equal(utilityModelValue('rutaapi', 'gpt-4o-mini'), 'rutaapi/gpt-4o-mini');
  });

  it('plans the saved model for the main slot and the small pick (else the saved model) for the small one, free slots only', () => {
    const ids = ['claude-3-5-sonnet-20241022', 'gpt-4o-mini', 'deepseek-chat'];
    const both = [
      { key: 'chat.utilityModel', small: false },
      { key: 'chat.utilitySmallModel', small: true },
    ];
    assert.deepEqual(planUtilityModels({ vendor: 'rutaapi', savedModel: 'claude-3-5-sonnet-20241022', ids, freeSlots: both }), [
      { key: 'chat.utilityModel', value: 'rutaapi/claude-3-5-sonnet-20241022', model: 'claude-3-5-sonnet-20241022' },
      { key: 'chat.utilitySmallModel', value: 'rutaapi/gpt-4o-mini', model: 'gpt-4o-mini' },
    ]);
    assert.deepEqual(planUtilityModels({ vendor: 'rutaapi', savedModel: 'deepseek-chat', ids: ['deepseek-chat'], freeSlots: [both[1]] }), [
      { key: 'chat.utilitySmallModel', value: 'rutaapi/deepseek-chat', model: 'deepseek-chat' },
    ]);
    assert.deepEqual(planUtilityModels({ vendor: 'rutaapi', savedModel: 'x', ids, freeSlots: [] }), []);
    assert.deepEqual(planUtilityModels({ vendor: 'rutaapi', savedModel: '', ids, freeSlots: both }), []);
  });
});
