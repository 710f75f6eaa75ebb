import { strict as assert } from 'node:assert';
import { DEFAULT_LIMITS, MODEL_FAMILIES, familyFor, readModelLimitsSetting, resolveModelLimits } from '../../../src/core/lm/limits';
import { SANDBOX_MODELS } from '../../../src/sandbox/models';

describe('lm: model limits (setting > table > default)', () => {
  it('knows the well-known families, with a source for every entry', () => {
    const cases: Array<[string, string, number, number, boolean, boolean]> = [
      ['gpt-4o-mini', 'gpt-4o', 111_616, 16_384, true, true],
      ['gpt-4o-2024-11-20', 'gpt-4o', 111_616, 16_384, true, true],
      ['gpt-4.1', 'gpt-4.1', 1_014_808, 32_768, true, true],
      ['gpt-5-mini', 'gpt-5', 272_000, 128_000, true, true],
      ['o3-mini', 'o3-mini', 100_000, 100_000, true, false],
      ['o4-mini', 'o-series', 100_000, 100_000, true, true],
      ['claude-3-5-sonnet-20241022', 'claude-3-5', 191_808, 8_192, true, true],
      ['claude-sonnet-4-20250514', 'claude-sonnet-4', 136_000, 64_000, true, true],
      ['gemini-2.5-pro', 'gemini-2.5', 1_048_576, 65_536, true, true],
      ['deepseek-chat', 'deepseek-chat', 57_344, 8_192, true, false],
      ['deepseek-reasoner', 'deepseek-reasoner', 32_768, 32_768, false, false],
      ['qwen-max', 'qwen-max', 24_576, 8_192, true, false],
      ['llama-3.3-70b-instruct', 'llama-3', 122_880, 8_192, true, false],
      ['meta-llama/Llama-3.1-8B-Instruct', 'llama-3', 122_880, 8_192, true, false],
      ['openai/gpt-4o', 'gpt-4o', 111_616, 16_384, true, true],
    ];
    for (const [id, family, input, output, tools, images] of cases) {
      const r = resolveModelLimits(id);
      assert.deepEqual(
        [r.family, r.maxInputTokens, r.maxOutputTokens, r.toolCalling, r.imageInput, r.origin],
        [family, input, output, tools, images, 'table'],
        id,
      );
    }
    for (const f of MODEL_FAMILIES) {
      assert.match(f.source, /^https:\/\//, f.family);
      assert.ok(f.maxInputTokens > 0 && f.maxOutputTokens > 0, f.family);
    }
  });

  it('every sandbox model is in the table (nothing guessed for them)', () => {
    for (const id of SANDBOX_MODELS) assert.ok(familyFor(id), id);
  });

  it('an unknown model gets the conservative default, not 128k', () => {
    const r = resolveModelLimits('acme-chat-7b');
    assert.deepEqual({ ...r }, { ...DEFAULT_LIMITS, origin: 'default', fromSetting: [] });
    assert.ok(r.maxInputTokens + r.maxOutputTokens <= 32_768);
  });

  it('rutaapi.modelLimits wins field by field, exact id before the longest prefix*', () => {
    const setting = readModelLimitsSetting({
      'gpt-4o-mini': { maxInputTokens: 50_000 },
      'acme-*': { maxInputTokens: 100_000, toolCalling: true },
      'acme-chat-*': { maxOutputTokens: 2_000, imageInput: true },
    });
    const mini = resolveModelLimits('gpt-4o-mini', setting);
    assert.deepEqual(
      [mini.maxInputTokens, mini.maxOutputTokens, mini.toolCalling, mini.origin, mini.fromSetting],
      [50_000, 16_384, true, 'table', ['maxInputTokens']],
    );
    const acme = resolveModelLimits('acme-chat-7b', setting);
    assert.deepEqual(
      [acme.maxInputTokens, acme.maxOutputTokens, acme.imageInput, acme.toolCalling],
      [DEFAULT_LIMITS.maxInputTokens, 2_000, true, false],
    );
    const other = resolveModelLimits('acme-code', setting);
    assert.deepEqual([other.maxInputTokens, other.toolCalling], [100_000, true]);
  });

  it('a malformed setting is ignored field by field, never an error', () => {
    assert.deepEqual(readModelLimitsSetting('nope'), {});
    assert.deepEqual(readModelLimitsSetting([1]), {});
    assert.deepEqual(
      readModelLimitsSetting({
        a: { maxInputTokens: -1, maxOutputTokens: 1.5, toolCalling: 'yes', imageInput: true },
        b: null,
        '  ': { maxInputTokens: 5 },
        c: { maxInputTokens: 1e12 },
        d: { maxOutputTokens: 4096 },
      }),
      { a: { imageInput: true }, d: { maxOutputTokens: 4096 } },
    );
  });
});
