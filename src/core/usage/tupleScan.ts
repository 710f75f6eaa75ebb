/**
 * Reads the start of a kept history file (usageStore.ts: `{"v":1,"droppedOld":N,"rows":[[…],…]}`,
 * newest first) a piece at a time, handing out each row tuple's JSON text as soon as it is whole.
 * The status bar needs only the last 7 days' rows, so its reader stops at the first older row
 * instead of parsing a 200,000-row file.
 */

const ROWS = '"rows":[';
/** A header longer than this is not one the store wrote. */
const MAX_HEADER = 256;

export class TupleScanner {
  private header = '';
  private inRows = false;
  private finished = false;
  private current = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** `v` from the header, once the rows began (undefined: not a history file). */
  version: unknown;

  /** True once the rows' array closed or the text is not a history file. */
  get done(): boolean {
    return this.finished;
  }

  /** The tuples' texts completed by `chunk`. */
  push(chunk: string): string[] {
    const out: string[] = [];
    let i = 0;
    if (!this.inRows) {
      i = this.readHeader(chunk);
      if (!this.inRows) return out;
    }
    for (; i < chunk.length && !this.finished; i++) this.step(chunk[i], out);
    return out;
  }

  /** Where the rows start in `chunk`, after the header (kept until its end is seen). */
  private readHeader(chunk: string): number {
    const before = this.header.length;
    this.header += chunk;
    const at = this.header.indexOf(ROWS);
    if (at < 0) {
      if (this.header.length > MAX_HEADER) this.finished = true;
      return chunk.length;
    }
    try {
      this.version = (JSON.parse(`${this.header.slice(0, at + ROWS.length)}]}`) as { v?: unknown }).v;
    } catch {
      this.finished = true;
      return chunk.length;
    }
    this.inRows = true;
    return at + ROWS.length - before;
  }

  private step(c: string, out: string[]): void {
    if (this.depth === 0) {
      if (c === '[') {
        this.depth = 1;
        this.current = c;
      } else if (c === ']') this.finished = true;
      return;
    }
    this.current += c;
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === '\\') this.escaped = true;
      else if (c === '"') this.inString = false;
      return;
    }
    if (c === '"') this.inString = true;
    else if (c === '[') this.depth++;
    else if (c === ']' && --this.depth === 0) out.push(this.current);
  }
}
