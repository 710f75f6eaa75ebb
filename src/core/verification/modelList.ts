/** GET /models, read with zod/mini: the ids in server order and, per model, `supported_endpoint_types`. */
import * as z from 'zod/mini';
import type { ModelEndpoints } from '../modelProtocols';

const MAX_TYPES = 32;
const MAX_TYPE_CHARS = 64;

const ListSchema = z.object({ data: z.array(z.unknown()) });
// No length cap on ids: the body's size cap bounds them, and every surface that shows an id cuts it to its own
// limit; a cap here would turn a list of long ids into 'no data array'.
const ItemSchema = z.object({ id: z.string().check(z.minLength(1)) });
const TypesSchema = z.object({
  supported_endpoint_types: z.array(z.string().check(z.maxLength(MAX_TYPE_CHARS))).check(z.maxLength(MAX_TYPES)),
});

export interface ModelList {
  /** The ids, in server order; entries without a usable id are skipped. */
  ids: string[];
  /** Only models whose `supported_endpoint_types` is a list of strings; absent or malformed: unknown. */
  endpoints: Record<string, string[]>;
  /** Entries in `data`, usable or not. */
  entries: number;
}

/** The model list of a parsed /models body, or undefined when it has no `data` array. */
export function readModelList(json: unknown): ModelList | undefined {
  const list = ListSchema.safeParse(json);
  if (!list.success) return undefined;
  const ids: string[] = [];
  const endpoints: Record<string, string[]> = {};
  for (const entry of list.data.data) {
    const item = ItemSchema.safeParse(entry);
    if (!item.success) continue;
    ids.push(item.data.id);
    const types = TypesSchema.safeParse(entry);
    if (types.success && !Object.prototype.hasOwnProperty.call(endpoints, item.data.id)) {
      endpoints[item.data.id] = [...new Set(types.data.supported_endpoint_types)];
    }
  }
  return { ids, endpoints, entries: list.data.data.length };
}

/** The endpoints map to keep on a result: undefined when no model named its types. */
export function knownEndpoints(endpoints: Record<string, string[]>): ModelEndpoints | undefined {
  return Object.keys(endpoints).length > 0 ? endpoints : undefined;
}
