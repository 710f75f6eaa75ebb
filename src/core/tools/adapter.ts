/** What each tool's module provides: where the key may live, how its config is read and how it is edited. */
import type { ConfigTexts, KeyStorage, ToolFiles, ToolName, ToolSettings, ToolSetup } from './types';

export interface ToolAdapter {
  tool: ToolName;
  /** Where the tool can find the key, the default first. */
  keyStorages: readonly KeyStorage[];
  /** The environment variable the tool reads the key from when it is not in a file. */
  keyVariable: string;
  /** The settings in the texts (throws ConfigError); `target` picks RutaAPI's entry where a file lists several. */
  read(texts: ConfigTexts, files: ToolFiles, target?: string): ToolSettings;
  /** The new texts; a file left out is not changed. Called only on texts `read` accepted. */
  edit(texts: ConfigTexts, setup: ToolSetup, files: ToolFiles, eol: string): ConfigTexts;
}

/** The Base URL's origin, or undefined when it is not a URL. */
export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url.trim()).origin;
  } catch {
    return undefined;
  }
}
