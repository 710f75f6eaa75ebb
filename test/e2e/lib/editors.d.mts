// Types for editors.mjs (plain JavaScript, like the rest of the e2e harness).
export interface EditorEntry {
  name: string;
  codeServerVersion: string;
  vscode: string;
  nodeMajor: number;
  note?: string;
}
export interface DescribedEditor extends EditorEntry {
  home: string;
  codeServer: string;
  node: string;
  installed: boolean;
}
export interface CatalogueRow {
  name: string;
  version: string;
  codeServer: string;
  node: string;
  installed: boolean;
}
export interface ShrinkwrapChange {
  key: string;
  name: string;
  version: string;
  from: string;
  to: string;
}
export const PROJECT_ROOT: string;
export const CACHE_DIR: string;
export const DEFAULT_EDITOR: string;
export const EDITORS: readonly EditorEntry[];
export const EDITOR_NAMES: string[];
export function resolveEditors(spec?: string, catalogue?: readonly EditorEntry[]): EditorEntry[];
export function takeEditorArg(argv: string[], fallback?: string): { editor: string; rest: string[] };
export function parseEditorsArgs(argv: string[]): { list: boolean; json: boolean; install: string | null; help: boolean };
export function nodeHome(major: number, cache?: string): string;
export function nodeDistDir(major: number, cache?: string): string;
export function nodeBinFor(major: number, cache?: string): string;
export function codeServerHomeFor(version: string, cache?: string): string;
export function codeServerBinIn(home: string): string;
export function describeEditor(e: EditorEntry, cache?: string): DescribedEditor;
export function catalogueJson(described: DescribedEditor[]): CatalogueRow[];
export const SKIPPED_MODULES: Readonly<Record<string, string>>;
export function dropModules(
  pkgJson: Record<string, any>,
  shrinkwrap: { packages?: Record<string, any>; dependencies?: Record<string, any> } | null,
  names: string[],
): string[];
export function isGitResolved(resolved: unknown): boolean;
export function packageNameFromKey(key: string): string;
export function patchGitPinnedShrinkwrap(
  shrinkwrap: { packages?: Record<string, any>; dependencies?: Record<string, any> },
  lookup: (name: string, version: string) => { tarball: string; integrity: string },
): ShrinkwrapChange[];
export function patchGitDependencySpecs(
  pkgJson: Record<string, any>,
  changes: ShrinkwrapChange[],
): Array<{ field: string; name: string; from: string; to: string }>;
export function ripgrepReleaseFromPostinstall(src: string): string | null;
export function ripgrepTarget(arch?: string): string;
export function summaryLine(t: { passed: number; failed: number }): string;
export function npmEnv(o?: { tmp?: string; xdg?: string; node?: string; nodedir?: string }): NodeJS.ProcessEnv;
export function ensureNode(major: number, o?: { log?: (m: string) => void; cache?: string }): string;
export function ensureEditor(e: EditorEntry, o?: { log?: (m: string) => void; cache?: string }): DescribedEditor;
export function installSeconds(d: DescribedEditor): number | null;
export function withLock<T>(lockDir: string, log: (m: string) => void, fn: () => T): T;
