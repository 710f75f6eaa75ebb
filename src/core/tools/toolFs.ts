/**
 * The few file operations the tool setup needs, behind an interface so tests (and the host) can
 * hand in their own. Bytes, not text: a backup restores the file byte for byte, whatever it holds.
 */
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';

export interface ToolFs {
  /** The file's bytes, or undefined when there is no such file. Throws on any other failure (EACCES, EISDIR). */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Writes in place (a symlinked dotfile stays a link), creating missing parent folders. */
  write(path: string, data: Uint8Array): Promise<void>;
  /** Removes the file; a missing file is not an error. */
  remove(path: string): Promise<void>;
  /** True when the file (or, when it does not exist, its nearest existing folder) can be written. */
  writable(path: string): Promise<boolean>;
}

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

async function nearestExisting(path: string): Promise<string> {
  let at = path;
  for (;;) {
    try {
      await fsp.stat(at);
      return at;
    } catch (error) {
      const parent = dirname(at);
      if (code(error) !== 'ENOENT' || parent === at) return at;
      at = parent;
    }
  }
}

export const nodeToolFs: ToolFs = {
  async read(path) {
    try {
      return new Uint8Array(await fsp.readFile(path));
    } catch (error) {
      if (code(error) === 'ENOENT') return undefined;
      throw error;
    }
  },
  async write(path, data) {
    await fsp.mkdir(dirname(path), { recursive: true });
    await fsp.writeFile(path, data);
  },
  async remove(path) {
    await fsp.rm(path, { force: true });
  },
  async writable(path) {
    try {
      await fsp.access(await nearestExisting(path), fsp.constants?.W_OK ?? 2);
      return true;
    } catch {
      return false;
    }
  },
};
