/**
 * The stored/sent entry tuple's layout (ENTRY_FIELDS, the one place it is written) and its check
 * without zod's per-element machinery: the same rules as `entryTupleSchema()` (rowTuple.ts, built
 * from the table), proven equal by test/unit/usage/tupleCheck.test.ts, about ten times faster,
 * which is what lets 200,000 kept rows load and reach the view within a second. Zod-free because
 * the view and the protocol check rows with it; rowTuple.ts imports it (no import circle).
 */
import { LOG_TYPE, USAGE_PROTOCOLS, type UsageEntry } from './types';

/** What a position may hold; rowTuple.ts's schema says it once per kind. */
export type FieldKind = 'id' | 'count' | 'logType' | 'name' | 'protocol' | 'number' | 'msOrNone' | 'flag';

export const ID_MAX = 400;
export const NAME_MAX = 200;

/**
 * The tuple's positions in order, each with the entry field it holds (toTuple/fromTuple in
 * rowTuple.ts follow it, proven by test). This order is the stored history's format: never reorder.
 */
export const ENTRY_FIELDS = [
  ['id', 'id'],
  ['time', 'count'],
  ['type', 'logType'],
  ['model', 'name'],
  ['upstream', 'name'],
  ['protocol', 'protocol'],
  ['promptTokens', 'count'],
  ['completionTokens', 'count'],
  ['cachedTokens', 'count'],
  ['quota', 'number'],
  ['useTimeS', 'count'],
  ['firstTokenMs', 'msOrNone'],
  ['stream', 'flag'],
  ['vscodeChat', 'flag'],
] as const satisfies ReadonlyArray<readonly [keyof UsageEntry, FieldKind]>;

interface KindValue {
  id: string;
  count: number;
  logType: number;
  name: string;
  protocol: string;
  number: number;
  msOrNone: number;
  flag: 0 | 1;
}

/** [id, time, type, model, upstream, protocol, prompt, completion, cached, quota, useTimeS, firstTokenMs, stream, vscodeChat] */
export type EntryTuple = TupleOf<typeof ENTRY_FIELDS>;
type TupleOf<F extends readonly unknown[]> = {
  -readonly [I in keyof F]: F[I] extends readonly [unknown, infer K extends FieldKind] ? KindValue[K] : never;
};

const PROTOCOLS: ReadonlySet<unknown> = new Set(USAGE_PROTOCOLS);

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const count = (v: unknown): boolean => num(v) && v >= 0;
const text = (v: unknown, max: number): boolean => typeof v === 'string' && v.length <= max;
const flag = (v: unknown): boolean => v === 0 || v === 1;

/**
 * ENTRY_FIELDS's kinds position by position, unrolled: a loop over the table switching on the kind
 * measured 1.7 times slower on 200,000 rows (bench/usageRows.ts's history), and this runs on every
 * load. The test builds its cases from the table and proves this equal to the schema.
 */
export function isEntryTuple(t: unknown): t is EntryTuple {
  return (
    Array.isArray(t) &&
    t.length === ENTRY_FIELDS.length &&
    text(t[0], ID_MAX) &&
    count(t[1]) &&
    (t[2] === LOG_TYPE.consume || t[2] === LOG_TYPE.error || t[2] === LOG_TYPE.refund) &&
    text(t[3], NAME_MAX) &&
    text(t[4], NAME_MAX) &&
    PROTOCOLS.has(t[5]) &&
    count(t[6]) &&
    count(t[7]) &&
    count(t[8]) &&
    num(t[9]) &&
    count(t[10]) &&
    num(t[11]) &&
    t[11] >= -1 &&
    flag(t[12]) &&
    flag(t[13])
  );
}
