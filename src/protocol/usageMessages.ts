/**
 * The usage view ⇄ host messages (RutaAPI: Show Usage). Parsed with these zod/mini schemas on
 * arrival on both sides; anything unknown or malformed is dropped (and logged by the host). No
 * message carries the key: the host sends the kept rows (as tuples, core/usage/rowTuple.ts), the
 * display unit, the view's strings and a status sentence; the view asks for a refresh, an export
 * or a clear.
 */
import * as z from 'zod/mini';
import type { EntryTuple } from '../core/usage/rowTuple';
import { isEntryTuple } from '../core/usage/tupleCheck';
import type { UsageFilter } from '../core/usage/filter';

const str = (max: number) => z.string().check(z.maxLength(max));

function build() {
  const Filter = z.strictObject({ model: str(200), from: str(10), to: str(10), text: str(200) });
  const ViewMessage = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('ready') }),
    z.strictObject({ type: z.literal('refresh') }),
    z.strictObject({ type: z.literal('exportCsv'), filter: Filter }),
    z.strictObject({ type: z.literal('clear') }),
  ]);
  const Display = z.strictObject({
    unit: str(32),
    quotaPerUnit: z.number().check(z.positive()),
    exchangeRate: z.number().check(z.positive()),
  });
  const HostMessage = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('data'),
      display: Display,
      // Each row is checked as entryTupleSchema() would (core/usage/tupleCheck.ts, proven equal by
      // test): 200,000 rows through zod's tuple took half the view's second.
      rows: z.custom<EntryTuple[]>((v) => Array.isArray(v) && v.length <= 250_000 && v.every(isEntryTuple)),
      /** Rows dropped over time to stay within the bound. */
      droppedOld: z.number().check(z.nonnegative()),
      maxKept: z.number().check(z.positive()),
      nowS: z.number(),
    }),
    z.strictObject({ type: z.literal('status'), text: str(2000), busy: z.boolean() }),
    z.strictObject({ type: z.literal('strings'), strings: z.record(str(64), str(500)) }),
  ]);
  return { ViewMessage, HostMessage };
}

let schemas: ReturnType<typeof build> | undefined;
const S = (): ReturnType<typeof build> => (schemas ??= build());

export type UsageViewMessage = { type: 'ready' } | { type: 'refresh' } | { type: 'exportCsv'; filter: UsageFilter } | { type: 'clear' };
export type UsageHostMessage =
  | {
      type: 'data';
      display: { unit: string; quotaPerUnit: number; exchangeRate: number };
      rows: EntryTuple[];
      droppedOld: number;
      maxKept: number;
      nowS: number;
    }
  | { type: 'status'; text: string; busy: boolean }
  | { type: 'strings'; strings: Record<string, string> };

export function parseUsageViewMessage(raw: unknown): UsageViewMessage | undefined {
  const r = S().ViewMessage.safeParse(raw);
  return r.success ? (r.data as UsageViewMessage) : undefined;
}

export function parseUsageHostMessage(raw: unknown): UsageHostMessage | undefined {
  const r = S().HostMessage.safeParse(raw);
  return r.success ? (r.data as UsageHostMessage) : undefined;
}
