/**
 * Where Cursor keeps its state database for this user: the user data folder (macOS
 * `~/Library/Application Support/Cursor`, Windows `%APPDATA%\Cursor`, Linux `$XDG_CONFIG_HOME/Cursor`
 * or `~/.config/Cursor`) + `User/globalStorage/state.vscdb`. Pure: the caller passes the platform,
 * environment and home folder.
 */
import * as path from 'node:path';

export function defaultStateDbPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Cursor', 'User', 'globalStorage', 'state.vscdb');
  }
  const userData =
    platform === 'darwin'
      ? path.posix.join(home, 'Library', 'Application Support', 'Cursor')
      : path.posix.join(
          env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config'),
          'Cursor',
        );
  return path.posix.join(userData, 'User', 'globalStorage', 'state.vscdb');
}
