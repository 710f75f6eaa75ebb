/**
 * The setup of one tool as a plan: the new bytes of each file it changes and a diff to show first.
 * Nothing is written here. A config that cannot be read, or edited safely, or written, gives a
 * problem naming the file (and line) instead of a plan.
 */
import { t } from '../l10n';
import { Scrubber } from '../scrub';
import { ADAPTERS } from './adapters';
import { ConfigError, eolOf } from './configError';
import { unifiedDiff } from './diff';
import { toolFiles } from './paths';
import { decode } from './readTool';
import { nodeToolFs, type ToolFs } from './toolFs';
import {
  keyTexts,
  type ConfigProblem,
  type ConfigTexts,
  type KeyStorage,
  type ToolEnv,
  type ToolFiles,
  type ToolName,
  type ToolSetup,
} from './types';

export interface FileEdit {
  file: string;
  /** The bytes as read; undefined when the setup creates the file. */
  before: Uint8Array | undefined;
  after: Uint8Array;
  /** Unified diff with every key shown by its prefix: safe to display. */
  diff: string;
  /** The new text holds the key in plain text. */
  holdsKey: boolean;
}

export interface ToolPlan {
  tool: ToolName;
  baseUrl: string;
  model: string;
  keyStorage: KeyStorage;
  /** Empty when the tool is already set up exactly so. */
  edits: FileEdit[];
  /** Files that will hold the key in plain text: ask (naming them) before applying. */
  keyInPlainText: string[];
  /** The variable the tool will read the key from, when it is not written: the terminal environment must set it. */
  keyVariable?: string;
}

export type PlanOutcome = { ok: true; plan: ToolPlan } | { ok: false; problem: ConfigProblem };

export interface PlanOptions {
  env: ToolEnv;
  setup: ToolSetup;
  fs?: ToolFs;
}

interface Loaded {
  bytes: Uint8Array | undefined;
  text: string | undefined;
  bom: boolean;
}

async function load(fs: ToolFs, file: string, inSecrets: boolean): Promise<Loaded> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await fs.read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
    throw new ConfigError({ reason: 'io', detail: t('The file could not be read ({0}).', code) }, inSecrets);
  }
  if (bytes === undefined) return { bytes, text: undefined, bom: false };
  try {
    return { bytes, ...decode(bytes) };
  } catch {
    throw new ConfigError({ reason: 'encoding', detail: t('The file is not UTF-8 text.') }, inSecrets);
  }
}

function edit(file: string, loaded: Loaded, text: string | undefined, setup: ToolSetup, scrubber: Scrubber): FileEdit | undefined {
  if (text === undefined || text === loaded.text) return undefined;
  const after = new TextEncoder().encode(loaded.bom ? `\uFEFF${text}` : text);
  const key = setup.key.storage === 'file' ? setup.key.key : undefined;
  const diff = scrubber.scrub(unifiedDiff(file, loaded.text, text));
  return { file, before: loaded.bytes, after, diff, holdsKey: key !== undefined && text.includes(key) };
}

async function writableProblem(fs: ToolFs, edits: readonly FileEdit[]): Promise<ConfigProblem | undefined> {
  for (const e of edits) {
    if (!(await fs.writable(e.file))) {
      return { file: e.file, reason: 'io', detail: t('The file cannot be written (read-only or no permission). Nothing was changed.') };
    }
  }
  return undefined;
}

interface Read {
  config: Loaded;
  secrets: Loaded | undefined;
  next: ConfigTexts;
  /** The keys the config holds now, to keep out of the diff. */
  oldKeys: string[];
}

/** Both files read and the new texts made; throws ConfigError. */
async function readAndEdit(fs: ToolFs, tool: ToolName, files: ToolFiles, setup: ToolSetup): Promise<Read> {
  const adapter = ADAPTERS[tool];
  const config = await load(fs, files.config, false);
  const secrets = files.secrets !== undefined ? await load(fs, files.secrets, true) : undefined;
  const texts = { config: config.text, secrets: secrets?.text };
  const current = adapter.read(texts, files, setup.baseUrl);
  const next = adapter.edit(texts, setup, files, eolOf(config.text));
  return { config, secrets, next, oldKeys: keyTexts(current) };
}

export async function planToolSetup(tool: ToolName, options: PlanOptions): Promise<PlanOutcome> {
  const fs = options.fs ?? nodeToolFs;
  const { setup } = options;
  const adapter = ADAPTERS[tool];
  if (!adapter.keyStorages.includes(setup.key.storage)) throw new RangeError(`${tool} cannot keep the key in ${setup.key.storage}`);
  const files = toolFiles(tool, options.env);
  let read: Read;
  try {
    read = await readAndEdit(fs, tool, files, setup);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ok: false, problem: { ...error.problem, file: error.inSecrets && files.secrets ? files.secrets : files.config } };
  }
  const scrubber = new Scrubber();
  if (setup.key.storage === 'file') scrubber.add(setup.key.key);
  for (const old of read.oldKeys) scrubber.add(old);
  const edits = [
    edit(files.config, read.config, read.next.config, setup, scrubber),
    files.secrets !== undefined && read.secrets ? edit(files.secrets, read.secrets, read.next.secrets, setup, scrubber) : undefined,
  ].filter((e): e is FileEdit => e !== undefined);
  const problem = await writableProblem(fs, edits);
  if (problem) return { ok: false, problem };
  return {
    ok: true,
    plan: {
      tool,
      baseUrl: setup.baseUrl,
      model: setup.model,
      keyStorage: setup.key.storage,
      edits,
      keyInPlainText: edits.filter((e) => e.holdsKey).map((e) => e.file),
      keyVariable: setup.key.storage === 'environment' ? adapter.keyVariable : undefined,
    },
  };
}
