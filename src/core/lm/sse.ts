/**
 * A Server-Sent Events decoder for chat-completion streams, safe at every chunk boundary: a
 * network chunk may end inside a line, inside a `\r\n` pair or inside a multi-byte UTF-8
 * character, and the events come out the same. Only what OpenAI-compatible gateways use is kept:
 * `data:` lines (joined with `\n` when an event has several), blank-line dispatch, `:` comments
 * (keep-alives) ignored, other fields (`event:`, `id:`, `retry:`) ignored.
 * Pure TypeScript, no Node built-ins (TextDecoder is a web API). Never throws.
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  /** Text after the last complete line. */
  private pending = '';
  /** The previous chunk ended with `\r`: a `\n` starting the next one belongs to it. */
  private afterCr = false;
  /** The event's data so far (`data:` lines joined with `\n`); most events have one line. */
  private data = '';
  private hasData = false;

  /** Feeds bytes (or already-decoded text); returns the events completed by them, in order. */
  push(chunk: Uint8Array | string): string[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = false;
    if (text === '') return [];
    const events: string[] = [];
    let buffer = this.pending + text;
    let start = 0;
    const length = buffer.length;
    // Line breaks are found with indexOf (native, and most streams have no `\r` at all: one scan
    // says so). `pending` holds no line break: scanning starts after it, so a long line sent in
    // many chunks stays linear.
    const from = this.pending.length;
    let nextLf = buffer.indexOf('\n', from);
    let nextCr = buffer.indexOf('\r', from);
    while (nextLf !== -1 || nextCr !== -1) {
      const isCr = nextCr !== -1 && (nextLf === -1 || nextCr < nextLf);
      const at = isCr ? nextCr : nextLf;
      this.line(buffer, start, at, events);
      start = at + 1;
      if (isCr) {
        if (start < length) {
          if (buffer.charCodeAt(start) === 10) start++;
        } else {
          this.afterCr = true;
        }
      }
      if (nextLf !== -1 && nextLf < start) nextLf = buffer.indexOf('\n', start);
      if (nextCr !== -1 && nextCr < start) nextCr = buffer.indexOf('\r', start);
    }
    buffer = buffer.slice(start);
    this.pending = buffer;
    return events;
  }

  /** The end of the stream: a last event without its blank line still counts. */
  end(): string[] {
    const events: string[] = [];
    const rest = this.decoder.decode();
    const tail = this.pending + rest;
    this.pending = '';
    if (tail !== '') this.line(tail, 0, tail.length, events);
    if (this.hasData) this.dispatch(events);
    return events;
  }

  /**
   * The line `text[start, end)`, read where it sits (no copy of the line first). Only `data`
   * matters: `data:value`, `data: value` (one space dropped) or a bare `data` (an empty value); a
   * blank line dispatches; comments (`:`) and other fields (`event:`, `id:`, `retry:`, `datax:`)
   * are skipped. `text[end]` is a line break or the end, so a match never runs past the line.
   */
  private line(text: string, start: number, end: number, events: string[]): void {
    if (start === end) {
      if (this.hasData) this.dispatch(events);
      return;
    }
    if (!text.startsWith('data', start)) return;
    const colon = start + 4;
    let value = '';
    if (colon !== end) {
      if (text.charCodeAt(colon) !== 58 /* : */) return;
      value = text.slice(text.charCodeAt(colon + 1) === 32 /* space */ ? colon + 2 : colon + 1, end);
    }
    this.data = this.hasData ? `${this.data}\n${value}` : value;
    this.hasData = true;
  }

  private dispatch(events: string[]): void {
    events.push(this.data);
    this.data = '';
    this.hasData = false;
  }
}
