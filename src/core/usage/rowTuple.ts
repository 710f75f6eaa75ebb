/**
 * An entry as a fixed tuple: how the history is stored on disk and sent to the usage view (about
 * a third of the size of the objects' JSON). The schema is strict: a stored or received tuple with
 * any other shape is dropped, so no text beyond model names, a protocol and a request id can enter
 * the history (the rows have no prompt text; this keeps it so).
 */
import * as z from 'zod/mini';
import { ENTRY_FIELDS, type EntryTuple, type FieldKind, ID_MAX, isEntryTuple, NAME_MAX } from './tupleCheck';
import { LOG_TYPE, USAGE_PROTOCOLS, type UsageEntry, type UsageProtocol } from './types';

export type { EntryTuple } from './tupleCheck';

/** The schema of each position, from the layout table in tupleCheck.ts. */
function build() {
  const n = z.number().check(z.nonnegative());
  const text = (max: number) => z.string().check(z.maxLength(max));
  const kinds: Record<FieldKind, z.ZodMiniType> = {
    id: text(ID_MAX),
    count: n,
    logType: z.union([z.literal(LOG_TYPE.consume), z.literal(LOG_TYPE.error), z.literal(LOG_TYPE.refund)]),
    name: text(NAME_MAX),
    protocol: z.enum(USAGE_PROTOCOLS),
    number: z.number(),
    msOrNone: z.number().check(z.gte(-1)),
    flag: z.union([z.literal(0), z.literal(1)]),
  };
  const [first, ...rest] = ENTRY_FIELDS.map(([, kind]) => kinds[kind]);
  return z.tuple([first, ...rest]);
}

let schema: ReturnType<typeof build> | undefined;

/**
 * The tuple schema (built on first use): the reference `tupleCheck.ts` is proven equal to.
 * @internal used by the tests only, since the view checks rows with the faster tupleCheck.
 */
export const entryTupleSchema = (): ReturnType<typeof build> => (schema ??= build());

export function toTuple(e: UsageEntry): EntryTuple {
  return [
    e.id,
    e.time,
    e.type,
    e.model,
    e.upstream,
    e.protocol,
    e.promptTokens,
    e.completionTokens,
    e.cachedTokens,
    e.quota,
    e.useTimeS,
    e.firstTokenMs,
    e.stream ? 1 : 0,
    e.vscodeChat ? 1 : 0,
  ];
}

export function fromTuple(t: EntryTuple): UsageEntry {
  return {
    id: t[0],
    time: t[1],
    type: t[2] as UsageEntry['type'],
    model: t[3],
    upstream: t[4],
    protocol: t[5] as UsageProtocol,
    promptTokens: t[6],
    completionTokens: t[7],
    cachedTokens: t[8],
    quota: t[9],
    useTimeS: t[10],
    firstTokenMs: t[11],
    stream: t[12] === 1,
    vscodeChat: t[13] === 1,
  };
}

/**
 * The tuples that fit, as entries, and how many did not. Checked by tupleCheck.ts (the schema's
 * rules without zod's per-element work, proven equal by test: 200,000 kept rows load in 30 ms, not 480).
 */
export function entriesOfTuples(tuples: unknown): { entries: UsageEntry[]; invalid: number } {
  if (!Array.isArray(tuples)) return { entries: [], invalid: 0 };
  const entries: UsageEntry[] = [];
  let invalid = 0;
  for (const t of tuples) {
    if (isEntryTuple(t)) entries.push(fromTuple(t));
    else invalid++;
  }
  return { entries, invalid };
}
