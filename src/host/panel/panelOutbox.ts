import { fitHostMessage, type HostMessage } from '../../protocol/messages';
import type { Logger } from '../shared/logger';

/**
 * The one way out to the setup panel. The API key only ever arrives in the host, so every string
 * leaving is scrubbed of the keys this panel has seen (the last line of defence) and every message
 * fitted to the protocol's caps (or the panel's parser would drop it: a verdict, the model list).
 */
export class PanelOutbox {
  private readonly secretsSeen = new Set<string>();

  constructor(
    private readonly send: (message: HostMessage) => unknown,
    private readonly logger: Logger,
  ) {}

  /** A key typed, pasted or linked into this panel: scrubbed from every later message and log line. */
  remember(secret: string): void {
    if (secret.length >= 4) {
      this.secretsSeen.add(secret);
      this.logger.addSecret(secret);
    }
  }

  readonly post = (message: HostMessage): void => {
    const fitted = fitHostMessage(this.clean(message) as HostMessage, (note) => this.logger.warn(note));
    if (!fitted) {
      this.logger.error(`A '${message.type}' message for the setup panel does not fit the protocol and was not sent`);
      return;
    }
    void Promise.resolve(this.send(fitted)).catch(() => undefined);
  };

  private clean(v: unknown): unknown {
    if (typeof v === 'string') {
      let s = v;
      for (const secret of this.secretsSeen) s = s.split(secret).join('…');
      return s;
    }
    if (Array.isArray(v)) return v.map((x) => this.clean(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.clean(x)]));
    return v;
  }
}
