// Types for devOptions.mjs (plain JavaScript, like the rest of the e2e harness).
export interface UriJson {
  $mid: 1;
  scheme: 'vscode-remote';
  authority: string;
  path: string;
}
export interface DevelopmentOptionsInput {
  extensionPaths?: string[];
  extensionTestsPath?: string;
  authority?: string;
}
export function withDevelopmentOptions<T extends Record<string, unknown>>(
  config: T,
  opts?: DevelopmentOptionsInput,
): T & { developmentOptions: Record<string, unknown> & { extensions?: UriJson[]; extensionTestsPath?: UriJson } };
