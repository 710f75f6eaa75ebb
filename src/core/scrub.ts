// STUB: replaced by the full scrubber (engine issue). Signatures are the contract.
export class Scrubber {
  private readonly secrets = new Set<string>();
  add(secret: string | null | undefined): void {
    if (secret) this.secrets.add(secret);
  }
  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[REDACTED]');
    return out;
  }
}

export function scrubSecret(text: string, secret: string | null | undefined): string {
  const scrubber = new Scrubber();
  scrubber.add(secret);
  return scrubber.scrub(text);
}
