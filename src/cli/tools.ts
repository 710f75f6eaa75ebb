// `doctor tools`: Claude Code, Codex CLI, Continue, aider and llm as set up in their config files
// under $HOME (read only), checked with the engine against --base-url with the key given as for
// check (without one: the configs alone, nothing sent). Exit 0 when no finding is an error, 1
// otherwise, 2 on usage errors.
import { homedir } from 'node:os';
import { Scrubber } from '../core/scrub';
import { verify } from '../core/verify';
import { checkTools } from '../core/tools/toolCheck';
import { keyTexts } from '../core/tools/types';
import type { ToolsArgs } from './args';
import { COLOR, PLAIN } from './format';
import { addKey, readKeyFromStdin, write } from './io';
import { renderToolsHuman, renderToolsJson, toolsJson } from './toolsFormat';

async function givenKey(args: ToolsArgs): Promise<string | undefined | null> {
  if (args.keyStdin) {
    const key = await readKeyFromStdin();
    return key.trim() === '' ? null : key;
  }
  const env = process.env.RUTAAPI_API_KEY;
  return env !== undefined && env.trim() !== '' ? env : undefined;
}

export async function runTools(args: ToolsArgs): Promise<number> {
  const key = await givenKey(args);
  if (key === null) {
    await write(
      process.stderr,
      'doctor: no API key on standard input. Pipe the key, or leave out --key-stdin to check the configs alone.\n',
    );
    return 2;
  }
  const home = process.env.HOME !== undefined && process.env.HOME !== '' ? process.env.HOME : homedir();
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let check;
  try {
    check = await checkTools({
      env: { home, platform: process.platform, env: process.env },
      baseUrl: args.baseUrl,
      key,
      verify,
      timeoutMs: args.timeoutMs,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  const scrubber = new Scrubber();
  addKey(scrubber, key);
  for (const { read } of check.tools) for (const held of keyTexts(read.settings)) addKey(scrubber, held);
  if (args.json) {
    await write(process.stdout, `${scrubber.scrub(renderToolsJson(toolsJson(check)))}\n`);
  } else {
    const useColor = !!process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
    await write(process.stdout, scrubber.scrub(renderToolsHuman(check, args.baseUrl, useColor ? COLOR : PLAIN)));
  }
  return check.ok ? 0 : 1;
}
