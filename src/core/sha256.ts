import { createHash } from 'node:crypto';

/**
 * SHA-256 as hex: how keys are compared without being kept or shown (the saved key's hash, Cursor's
 * key, other tools' keys) and how a file is recognised as the one a setup wrote.
 */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
