// `doctor cursor`: Cursor's own model settings from a copy of its state database, checked with
// the engine (Base URL, switch, key, models) and, with a usable key, a real verification against
// --base-url. Exit 0 when no finding is an error, 1 otherwise, 2 on usage errors.
import { homedir } from 'node:os';
import { Scrubber } from '../core/scrub';
import { checkCursor } from '../core/cursor/check';
import { verify } from '../core/verify';
import { defaultStateDbPath } from '../core/cursor/paths';
import type { CursorArgs } from './args';
import { readThroughChunk } from './cursorChunk';
import { cursorJson, renderCursorHuman, renderCursorJson } from './cursorFormat';
import { COLOR, PLAIN } from './format';
import { addKey, readKeyFromStdin, write } from './io';

async function givenKey(args: CursorArgs): Promise<string | undefined | null> {
  if (args.keyStdin) {
    const key = await readKeyFromStdin();
    return key.trim() === '' ? null : key;
  }
  const env = process.env.RUTAAPI_API_KEY;
  return env !== undefined && env.trim() !== '' ? env : undefined;
}

export async function runCursor(args: CursorArgs): Promise<number> {
  const key = await givenKey(args);
  if (key === null) {
    await write(process.stderr, "doctor: no API key on standard input. Pipe the key, or leave out --key-stdin to use Cursor's own.\n");
    return 2;
  }
  const stateDb = args.stateDb ?? defaultStateDbPath(process.platform, process.env, homedir());
  const read = await readThroughChunk(stateDb);
  const scrubber = new Scrubber();
  addKey(scrubber, key);
  if (read.status === 'ok') addKey(scrubber, read.settings.plainKey);

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let check;
  try {
    check = await checkCursor({ read, baseUrl: args.baseUrl, verify, givenKey: key, timeoutMs: args.timeoutMs, signal: controller.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
  const json = cursorJson(stateDb, read, check);
  if (args.json) {
    await write(process.stdout, `${scrubber.scrub(renderCursorJson(json))}\n`);
  } else {
    const useColor = !!process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
    await write(process.stdout, scrubber.scrub(renderCursorHuman(json, args.baseUrl, useColor ? COLOR : PLAIN)));
  }
  return check.ok ? 0 : 1;
}
