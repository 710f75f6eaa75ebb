/**
 * The diff preview before a setup is written: each changed file as two read-only virtual
 * documents (before, after) on the extension's own scheme, opened with `vscode.diff`. Their text
 * shows every key by its prefix (the saved key and any key the config held): the preview is on
 * screen, in screenshots and in the editor's history.
 */
import type * as vscode from 'vscode';
import * as path from 'node:path';
import { redactKey } from '../../core/apiKey';
import { Scrubber } from '../../core/scrub';
import type { ToolPlan } from '../../core/tools/plan';
import { tShown } from '../shared/shown';
import { TOOL_TITLES } from './toolNames';

export const PREVIEW_SCHEME = 'rutaapi-tool-preview';

/** The documents' texts by URI path; one provider per editor API object, registered on first use. */
const providers = new WeakMap<object, Map<string, string>>();
let serial = 0;
/** Old previews' texts go (a diff editor still open then shows them empty): configs are small, but not kept forever. */
const KEEP = 40;

function previewTexts(vs: typeof vscode): Map<string, string> {
  let texts = providers.get(vs);
  if (!texts) {
    const own = new Map<string, string>();
    texts = own;
    providers.set(vs, own);
    vs.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, { provideTextDocumentContent: (uri) => own.get(uri.path) ?? '' });
  }
  return texts;
}

function decoded(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? '' : new TextDecoder('utf-8').decode(bytes);
}

/** A scrubber for what the preview may show: the keys by prefix. */
export function previewScrubber(keys: Array<string | undefined>): Scrubber {
  const scrubber = new Scrubber(redactKey);
  for (const k of keys) scrubber.add(k);
  return scrubber;
}

/** Opens one diff editor per changed file. */
export async function openPreview(vs: typeof vscode, plan: ToolPlan, scrubber: Scrubber): Promise<void> {
  const texts = previewTexts(vs);
  for (const edit of plan.edits) {
    const n = ++serial;
    const name = path.basename(edit.file);
    const before = `/${n}/before/${name}`;
    const after = `/${n}/after/${name}`;
    texts.set(before, scrubber.scrub(decoded(edit.before)));
    texts.set(after, scrubber.scrub(decoded(edit.after)));
    const title = tShown('label', '{0} ↔ set up for RutaAPI ({1})', edit.file, TOOL_TITLES[plan.tool]);
    await vs.commands.executeCommand(
      'vscode.diff',
      vs.Uri.from({ scheme: PREVIEW_SCHEME, path: before }),
      vs.Uri.from({ scheme: PREVIEW_SCHEME, path: after }),
      title,
      { preview: edit === plan.edits[0] },
    );
  }
  for (const old of [...texts.keys()].slice(0, Math.max(0, texts.size - KEEP))) texts.delete(old);
}
