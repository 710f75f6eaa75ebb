/** A caller's time limit in milliseconds when it is a positive finite number, else `fallback`. */
export function timeoutOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
