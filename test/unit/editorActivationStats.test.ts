// The editor-activation benchmark reads code-server's "Developer: Startup Performance" document; this
// pins the parser to that document's shape (a table between other sections) so a wrong column or a
// neighbouring table never becomes a number in bench/results.json.
import { strict as assert } from 'node:assert';

const DOCUMENT = `## System Info

* code-server: 1.100.3 (409c64e0df4d53530e59c16acc2b5d5766f717b0)

## Extension Activation Stats

| Extension                                | Eager | Load Code | Call Activate | Finish Activate | Event             | By                                       |
| ---------------------------------------- | ----- | --------- | ------------- | --------------- | ----------------- | ---------------------------------------- |
| vscode.git                               | true  | 89        | 5             | 2               | *                 | vscode.git                               |
| rutaapi.rutaapi-connect                  | false | 9         | 1             | 0               | onStartupFinished | rutaapi.rutaapi-connect                  |
| rutaapi-bench.activation-floor-empty     | false | 46        | 0             | 5               | onStartupFinished | rutaapi-bench.activation-floor-empty     |

## Terminal Stats

| Name          | Duration | Process | Info |
| ------------- | -------- | ------- | ---- |
| vscode.other  | 70       | 80      | 90   |
`;

describe('editor activation benchmark: Startup Performance parser', () => {
  let parse: typeof import('../../bench/editorActivation.mjs').parseActivationStats;
  before(async () => {
    ({ parseActivationStats: parse } = await import('../../bench/editorActivation.mjs'));
  });

  it('reads Load Code + Call Activate per extension from the activation table only', () => {
    const stats = parse(DOCUMENT);
    assert.deepEqual(Object.keys(stats).sort(), ['rutaapi-bench.activation-floor-empty', 'rutaapi.rutaapi-connect', 'vscode.git']);
    assert.deepEqual(stats['rutaapi.rutaapi-connect'], { loadCodeMs: 9, callActivateMs: 1, activationMs: 10 });
    assert.deepEqual(stats['vscode.git'], { loadCodeMs: 89, callActivateMs: 5, activationMs: 94 });
  });

  it('finds nothing before the extensions have activated (no table yet)', () => {
    assert.deepEqual(parse(DOCUMENT.slice(0, DOCUMENT.indexOf('## Extension Activation Stats'))), {});
  });

  it('keys extensions by lower-case id and skips rows without numbers (activation still pending)', () => {
    const doc = DOCUMENT.replace(
      '| vscode.git                               | true  | 89 ',
      '| VSCode.Git                               | true  | 89 ',
    ).replace(
      '| rutaapi-bench.activation-floor-empty     | false | 46        | 0 ',
      '| rutaapi-bench.activation-floor-empty     | false |           |   ',
    );
    const stats = parse(doc);
    assert.deepEqual(Object.keys(stats).sort(), ['rutaapi.rutaapi-connect', 'vscode.git']);
  });
});
