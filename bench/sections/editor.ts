// The activation time code-server itself reports, from bench/editorActivation.mjs (its header says
// how): the production .vsix isolated (nothing else loading in the same batch), the minimal floor
// extension in the same set-up, and stock code-server next to the floor extensions. Runs as a child
// process (it drives code-server and Chromium through the e2e harness); a failed sample is retried
// there, and every failure is reported here.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../prodBuild';
import type { EditorActivationResult } from '../editorActivation.mjs';
import type { BenchContext } from './common';

// About 7 s a sample (a workbench reload each) plus ~12 s a set-up, three set-ups: about 3 of the
// bench's 5 minutes. The isolated figure is noisy (4–20 ms a sample on 2 cores), hence its count.
export const EDITOR_RUNS = 11;
export const EDITOR_FLOOR_RUNS = 7;
export const EDITOR_STOCK_RUNS = 3;
/** Extra attempts for a failed sample. */
export const EDITOR_RETRIES = 2;
/** Kept back from the step's time limit for stopping code-server and Chromium and writing the summary. */
const TEARDOWN_MS = 15_000;

const RUTAAPI = 'rutaapi.rutaapi-connect';
const EMPTY_FLOOR = 'rutaapi-bench.activation-floor-empty';
const MINIMAL_FLOOR = 'rutaapi-bench.activation-floor-minimal';

/** Runs bench/editorActivation.mjs; resolves with its exit code (or signal) and last stderr lines. */
function runChild(ctx: BenchContext, args: string[], timeoutMs: number): Promise<{ code: number | string; tail: string[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bench/editorActivation.mjs'), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const tail: string[] = [];
    let partial = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        ctx.log(`editor: ${line}`);
        tail.push(line);
        if (tail.length > 5) tail.shift();
      }
    });
    // SIGTERM: the script stops the code-server and Chromium it started, then exits.
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (partial) tail.push(partial);
      resolve({ code: code ?? signal ?? 'unknown', tail });
    });
  });
}

export async function measureEditorActivation(ctx: BenchContext, vsix: string, timeoutMs: number): Promise<void> {
  if (!existsSync(vsix)) {
    ctx.note('editorActivationMs: null — no .vsix from this build');
    return;
  }
  const out = join(vsix, '..', 'editor-activation.json');
  const args = [
    '--vsix',
    vsix,
    '--runs',
    String(EDITOR_RUNS),
    '--floor-runs',
    String(EDITOR_FLOOR_RUNS),
    '--stock-runs',
    String(EDITOR_STOCK_RUNS),
  ];
  // The script keeps within the budget (fewer samples, comparison set-ups skipped); the SIGTERM at
  // timeoutMs is the last resort.
  const budgetMs = Math.max(0, Math.round(timeoutMs - TEARDOWN_MS));
  const run = await runChild(
    ctx,
    [...args, '--retries', String(EDITOR_RETRIES), '--budget-ms', String(budgetMs), '--json', out],
    timeoutMs,
  );
  // Stopped at timeoutMs after the isolated set-up, the script still writes what it has.
  if (!existsSync(out)) {
    ctx.note(`editorActivationMs: null — bench/editorActivation.mjs failed (exit ${run.code}): ${run.tail.slice(-3).join(' | ')}`);
    return;
  }
  const r = JSON.parse(readFileSync(out, 'utf8')) as EditorActivationResult;
  if (r.stoppedBy)
    ctx.note(`editor activation: stopped at the bench's time limit (${Math.round(timeoutMs / 1000)} s) after the isolated set-up`);
  recordEditorActivation(ctx, r, budgetMs);
}

/** Puts the script's summary into the results: the figure, the comparisons, and every failed sample. */
export function recordEditorActivation(ctx: BenchContext, r: EditorActivationResult, budgetMs: number): void {
  const { results } = ctx;
  for (const f of r.failures) {
    ctx.note(`editor activation: sample ${f.sample} (${f.setup}) attempt ${f.attempt} failed: ${f.reason}${f.retried ? '; retried' : ''}`);
  }
  for (const s of r.skipped) ctx.note(`editor activation: ${s.setup} set-up not measured: ${s.reason}`);
  for (const s of [r.isolated, r.isolatedFloor, r.stock]) {
    if (s && s.runs < s.plannedRuns)
      ctx.note(`editor activation: ${s.setup} has ${s.runs} of ${s.plannedRuns} samples (time budget of ${Math.round(budgetMs / 1000)} s)`);
  }
  const ours = r.isolated.summary[RUTAAPI];
  results.editorActivationMs = ours.activationMsMedian;
  const stock = r.stock?.summary;
  results.details.editorActivation = {
    codeServer: r.codeServer,
    how: 'Developer: Startup Performance → Load Code + Call Activate, median of cold extension hosts (page reloads)',
    isolated: { runs: r.isolated.runs, ...ours },
    isolatedMinimalFloor: r.isolatedFloor ? { runs: r.isolatedFloor.runs, ...r.isolatedFloor.summary[MINIMAL_FLOOR] } : null,
    stock: stock
      ? {
          runs: r.stock?.runs,
          rutaapi: stock[RUTAAPI],
          emptyFloor: stock[EMPTY_FLOOR],
          minimalFloor: stock[MINIMAL_FLOOR],
          overEmptyFloorMsMedian: r.stock?.overEmptyFloor?.msMedian,
        }
      : null,
    failedAttempts: r.failures,
    budgetMs,
  };
}
