// `npm run bench` keeps the editor-reported activation when a sample had to be retried, and says in
// bench/results.json which sample failed and why (bench/sections/editor.ts). Fed a summary as
// bench/editorActivation.mjs writes it: no editor is started here.
import { strict as assert } from 'node:assert';
import type { EditorActivationResult, ExtensionSummary, SetupResult } from '../../../bench/editorActivation.mjs';
import { createContext, createResults } from '../../../bench/sections/common';
import { recordEditorActivation } from '../../../bench/sections/editor';

const stat = (samples: number[]): ExtensionSummary => ({
  activationMsMedian: samples[Math.floor(samples.length / 2)],
  loadCodeMsMedian: samples[Math.floor(samples.length / 2)],
  callActivateMsMedian: 0,
  min: Math.min(...samples),
  max: Math.max(...samples),
  samples,
});

function summary(over: Partial<EditorActivationResult> = {}): EditorActivationResult {
  const isolated: SetupResult = { setup: 'isolated', runs: 3, plannedRuns: 3, summary: { 'rutaapi.rutaapi-connect': stat([4, 6, 9]) } };
  const stock: SetupResult = {
    setup: 'stock',
    runs: 2,
    plannedRuns: 3,
    summary: {
      'rutaapi.rutaapi-connect': stat([40, 50]),
      'rutaapi-bench.activation-floor-empty': stat([38, 47]),
      'rutaapi-bench.activation-floor-minimal': stat([39, 48]),
    },
    overEmptyFloor: { msMedian: 2, samples: [2, 3] },
  };
  return {
    codeServer: '4.100.3',
    isolated,
    isolatedFloor: null,
    stock,
    failures: [
      {
        setup: 'stock',
        sample: 3,
        attempt: 1,
        reason: 'timeout after 60000 ms waiting for the Startup Performance document',
        retried: true,
      },
    ],
    skipped: [{ setup: 'isolated-floor', reason: 'time budget' }],
    ...over,
  };
}

describe('bench editor-activation section: recording the summary', () => {
  function record(r: EditorActivationResult) {
    const results = createResults();
    const ctx = createContext(results, () => undefined);
    recordEditorActivation(ctx, r, 200_000);
    return results;
  }

  it('keeps the figure after a retried sample and notes which sample failed and why', () => {
    const results = record(summary());
    assert.equal(results.editorActivationMs, 6);
    assert.ok(
      results.notes.includes(
        'editor activation: sample 3 (stock) attempt 1 failed: timeout after 60000 ms waiting for the Startup Performance document; retried',
      ),
      results.notes.join('\n'),
    );
    const details = results.details.editorActivation as {
      failedAttempts: unknown[];
      isolatedMinimalFloor: unknown;
      stock: { overEmptyFloorMsMedian: number };
    };
    assert.equal(details.failedAttempts.length, 1);
    assert.equal(details.stock.overEmptyFloorMsMedian, 2);
  });

  it('says what the time budget cut: a skipped set-up, fewer samples than planned', () => {
    const results = record(summary());
    assert.ok(results.notes.includes('editor activation: isolated-floor set-up not measured: time budget'));
    assert.ok(results.notes.includes('editor activation: stock has 2 of 3 samples (time budget of 200 s)'));
    assert.equal((results.details.editorActivation as { isolatedMinimalFloor: unknown }).isolatedMinimalFloor, null);
  });

  it('adds no notes for a clean run', () => {
    const results = record(summary({ failures: [], skipped: [], stock: null }));
    assert.deepEqual(results.notes, []);
    assert.equal(results.editorActivationMs, 6);
  });
});
