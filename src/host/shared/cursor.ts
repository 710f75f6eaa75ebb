/** True when the host editor is Cursor (detected from vscode.env.appName / uriScheme). */
export function isCursor(appName: string | undefined, uriScheme: string | undefined): boolean {
  return /cursor/i.test(appName ?? '') || /^cursor/i.test(uriScheme ?? '');
}
