// Types for systemPackages.mjs (plain JavaScript, run before anything is built).
export interface PackageInfo {
  why: string;
  what: string;
  bins: string[];
  point: string;
}
export type Step = 'demo' | 'editors' | 'e2e' | 'bench' | 'matrix' | 'ci';
export const PACKAGES: Readonly<Record<string, PackageInfo>>;
export const EDITOR_INSTALL: readonly string[];
export const BROWSER: readonly string[];
export const STEPS: Readonly<Record<Step, { command: string; groups: string[]; always?: boolean }>>;
export class SystemPackagesError extends Error {}
export function which(cmd: string, env?: NodeJS.ProcessEnv): string;
export function packagesFor(step: string, o?: { editorsInstalled?: boolean; env?: NodeJS.ProcessEnv }): string[];
export function isInstalled(pkg: string, env?: NodeJS.ProcessEnv): boolean;
export function privilege(o?: { env?: NodeJS.ProcessEnv; uid?: number }): 'root' | 'sudo' | null;
export function installCommand(pkgs: string[]): string;
export interface EnsureResult {
  step: string;
  needed: string[];
  missing: string[];
  installed: string[];
  via: 'root' | 'sudo' | null;
}
export function ensureSystemPackages(
  step: string,
  o?: { editorsInstalled?: boolean; env?: NodeJS.ProcessEnv; uid?: number; log?: (m: string) => void; install?: boolean },
): EnsureResult;
export function editorsInstalled(editors: readonly { name: string }[]): Promise<boolean>;
export function ensureOrExit(step: string, editors?: readonly unknown[]): Promise<EnsureResult>;
