// The layering is a lint rule (eslint.config.mjs): only src/host may import `vscode`, and nothing
// below it may reach into src/host. This proves the rule fires, so a green `npm run lint` means it.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';

type LintMessage = { ruleId: string | null; message: string };
type Linter = { lintText(code: string, options: { filePath: string }): Promise<Array<{ messages: LintMessage[] }>> };

describe('lint: the layer rules', function () {
  this.timeout(120_000);
  let eslint: Linter;
  const restricted = async (file: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(__dirname, '..', '..', file) });
    return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
  };

  before(async () => {
    const { ESLint } = (await import('eslint')) as unknown as { ESLint: new (o: { cwd: string }) => Linter };
    eslint = new ESLint({ cwd: join(__dirname, '..', '..') });
  });

  // Existing files, linted with other text: the type-aware parser only knows files of the project.
  const fileOf: Record<string, string> = {
    core: 'src/core/verify.ts',
    protocol: 'src/protocol/messages.ts',
    webview: 'src/webview/main.ts',
    cli: 'src/cli/doctor.ts',
    sandbox: 'src/sandbox/server.ts',
  };
  for (const [layer, file] of Object.entries(fileOf)) {
    it(`src/${layer} may import neither vscode nor src/host`, async () => {
      const found = await restricted(
        file,
        "import * as vscode from 'vscode';\nimport { shown } from '../host/shared/shown';\nexport const probe = [vscode, shown];\n",
      );
      assert.equal(found.length, 2, JSON.stringify(found));
    });
  }

  it('a nested core module may not climb into src/host either, but may use its own host.ts', async () => {
    assert.equal(
      (await restricted('src/core/diagnosis/network.ts', "import { shown } from '../../host/shared/shown';\nexport const probe = shown;\n"))
        .length,
      1,
    );
    assert.deepEqual(
      await restricted('src/core/baseUrl/path.ts', "import { parseHost } from './host';\nexport const probe = parseHost;\n"),
      [],
    );
  });

  it('src/host may import vscode', async () => {
    assert.deepEqual(
      await restricted('src/host/commands/statusBar.ts', "import * as vscode from 'vscode';\nexport const probe = vscode;\n"),
      [],
    );
  });
});
