/**
 * Writes a plan: checks first that no file changed since the preview, keeps a backup next to each
 * file before its first change (`<file>.rutaapi-backup`), writes the new bytes in place and records
 * all of it in the manifest. A failed write puts back what this call already wrote: all or nothing.
 */
import { t } from '../l10n';
import { sha256 } from './readTool';
import { readManifest, writeManifest, type Manifest } from './manifest';
import type { FileEdit, ToolPlan } from './plan';
import type { ToolFs } from './toolFs';
import { nodeToolFs } from './toolFs';
import type { ConfigProblem } from './types';

export const BACKUP_SUFFIX = '.rutaapi-backup';

export interface ApplyOptions {
  /** The folder the host keeps the manifest in (its global storage). */
  storageDir: string;
  fs?: ToolFs;
  now?: () => Date;
}

export type ApplyOutcome = { ok: true; files: string[] } | { ok: false; problem: ConfigProblem };

export const sha256Bytes = (bytes: Uint8Array | undefined): string => (bytes === undefined ? '' : sha256(bytes));

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a === undefined || b === undefined ? a === b : sha256Bytes(a) === sha256Bytes(b);

/** The first name next to `file` that is free: `.rutaapi-backup`, then `.rutaapi-backup-2`, … */
async function freeBackupPath(fs: ToolFs, file: string): Promise<string> {
  for (let n = 1; ; n++) {
    const path = n === 1 ? `${file}${BACKUP_SUFFIX}` : `${file}${BACKUP_SUFFIX}-${n}`;
    if ((await fs.read(path)) === undefined) return path;
  }
}

async function changedSincePlan(fs: ToolFs, edits: readonly FileEdit[]): Promise<ConfigProblem | undefined> {
  for (const e of edits) {
    let now: Uint8Array | undefined;
    try {
      now = await fs.read(e.file);
    } catch {
      return { file: e.file, reason: 'io', detail: t('The file could not be read. Nothing was changed.') };
    }
    if (!sameBytes(now, e.before)) {
      return {
        file: e.file,
        reason: 'io',
        detail: t('The file changed since the preview. Nothing was changed; look at the preview again.'),
      };
    }
  }
  return undefined;
}

interface Done {
  edit: FileEdit;
  backup?: string;
}

/** Puts back what this call wrote, newest first (best effort: the manifest is not written on failure). */
async function rollBack(fs: ToolFs, done: readonly Done[]): Promise<void> {
  for (const d of [...done].reverse()) {
    try {
      if (d.edit.before === undefined) await fs.remove(d.edit.file);
      else await fs.write(d.edit.file, d.edit.before);
      if (d.backup) await fs.remove(d.backup);
    } catch {}
  }
}

async function writeOne(fs: ToolFs, manifest: Manifest, plan: ToolPlan, e: FileEdit, at: string): Promise<Done> {
  const known = manifest.entries.find((m) => m.file === e.file);
  let backup: string | undefined;
  if (!known && e.before !== undefined) {
    backup = await freeBackupPath(fs, e.file);
    await fs.write(backup, e.before);
  }
  const done = { edit: e, backup };
  try {
    await fs.write(e.file, e.after);
  } catch (error) {
    if (backup) await fs.remove(backup).catch(() => undefined);
    throw error;
  }
  if (known) known.written = sha256Bytes(e.after);
  else manifest.entries.push({ tool: plan.tool, file: e.file, backup: backup ?? null, written: sha256Bytes(e.after), at });
  return done;
}

export async function applyToolPlan(plan: ToolPlan, options: ApplyOptions): Promise<ApplyOutcome> {
  const fs = options.fs ?? nodeToolFs;
  const changed = await changedSincePlan(fs, plan.edits);
  if (changed) return { ok: false, problem: changed };
  const manifest = await readManifest(fs, options.storageDir);
  const at = (options.now?.() ?? new Date()).toISOString();
  const done: Done[] = [];
  for (const e of plan.edits) {
    try {
      done.push(await writeOne(fs, manifest, plan, e, at));
    } catch (error) {
      await rollBack(fs, done);
      const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
      return {
        ok: false,
        problem: { file: e.file, reason: 'io', detail: t('The file could not be written ({0}). Nothing was changed.', code) },
      };
    }
  }
  try {
    await writeManifest(fs, options.storageDir, manifest);
  } catch (error) {
    await rollBack(fs, done);
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
    return {
      ok: false,
      problem: {
        file: options.storageDir,
        reason: 'io',
        detail: t('The setup record could not be saved ({0}). Nothing was changed.', code),
      },
    };
  }
  return { ok: true, files: plan.edits.map((e) => e.file) };
}
