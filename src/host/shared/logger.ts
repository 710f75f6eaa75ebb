import { Scrubber } from '../../core/scrub';
import type { LogChannelPort } from './ports';
import { shown } from './shown';

/**
 * Every line goes through the engine's scrubber, then shown(…, 'log') (controls, bidi and zero-width
 * characters from the network made visible), before it reaches the 'RutaAPI' log channel.
 */
export class Logger {
  readonly scrubber = new Scrubber();
  constructor(private readonly channel: LogChannelPort) {}

  addSecret(secret: string | null | undefined): void {
    if (secret) this.scrubber.add(secret);
  }
  private clean(message: string, extra?: unknown): string {
    const text = extra === undefined ? message : `${message} ${describe(extra)}`;
    return shown(this.scrubber.scrub(text), 'log');
  }
  trace(message: string, extra?: unknown): void {
    this.channel.trace(this.clean(message, extra));
  }
  debug(message: string, extra?: unknown): void {
    this.channel.debug(this.clean(message, extra));
  }
  info(message: string, extra?: unknown): void {
    this.channel.info(this.clean(message, extra));
  }
  warn(message: string, extra?: unknown): void {
    this.channel.warn(this.clean(message, extra));
  }
  error(message: string, extra?: unknown): void {
    this.channel.error(this.clean(message, extra));
  }
  show(): void {
    this.channel.show(true);
  }
}

function describe(v: unknown): string {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
