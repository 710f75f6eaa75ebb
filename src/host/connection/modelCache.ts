import type { ModelEndpoints } from '../../core/modelProtocols';
import type { MementoPort } from '../shared/ports';

const CACHE_KEY = 'rutaapi.modelCache';
const MAX_BASE_URLS = 10;
/** Per model: new-api names a handful of endpoint types; more, or longer ones, are not kept. */
const MAX_TYPES = 16;
const MAX_TYPE_CHARS = 64;

/**
 * One Base URL's last verified list. `endpoints` (what each model serves, from
 * `supported_endpoint_types`) lets a session that has not checked the connection yet still send a
 * Responses-only model to the Responses API; caches written before it existed have none.
 */
interface CachedModels {
  models: string[];
  fetchedAt: number;
  endpoints?: ModelEndpoints;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The types of the listed ids only, each list bounded; undefined when none is left. */
function boundedEndpoints(models: readonly string[], endpoints: unknown): ModelEndpoints | undefined {
  if (!endpoints || typeof endpoints !== 'object' || Array.isArray(endpoints)) return undefined;
  const kept: Array<[string, string[]]> = [];
  for (const id of new Set(models)) {
    if (!Object.prototype.hasOwnProperty.call(endpoints, id)) continue;
    const types: unknown = (endpoints as Record<string, unknown>)[id];
    if (!isStringArray(types) || types.length > MAX_TYPES || types.some((t) => t.length === 0 || t.length > MAX_TYPE_CHARS)) continue;
    kept.push([id, [...types]]);
  }
  // fromEntries defines own properties: an id such as "__proto__" stays data.
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** A stored entry as read back: anything that is not a list of ids is no entry; bad types are dropped. */
function entryOf(v: unknown): CachedModels | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const e = v as Record<string, unknown>;
  if (!isStringArray(e.models)) return undefined;
  const fetchedAt = typeof e.fetchedAt === 'number' && Number.isFinite(e.fetchedAt) ? e.fetchedAt : 0;
  const endpoints = boundedEndpoints(e.models, e.endpoints);
  return endpoints ? { models: e.models, fetchedAt, endpoints } : { models: e.models, fetchedAt };
}

/** Model ids (and what each serves) per Base URL in globalState. Holds no secrets: only URLs and public model ids. */
export class ModelCache {
  constructor(private readonly memento: MementoPort) {}

  get(baseUrl: string): CachedModels | undefined {
    const all = this.all();
    return Object.prototype.hasOwnProperty.call(all, baseUrl) ? entryOf(all[baseUrl]) : undefined;
  }

  async set(baseUrl: string, models: string[], endpoints?: ModelEndpoints, now = Date.now()): Promise<void> {
    const all = this.all();
    const bounded = boundedEndpoints(models, endpoints);
    all[baseUrl] = bounded ? { models, fetchedAt: now, endpoints: bounded } : { models, fetchedAt: now };
    const keep = Object.entries(all)
      .map(([url, e]) => [url, entryOf(e)] as const)
      .filter((x): x is readonly [string, CachedModels] => x[1] !== undefined)
      .sort((a, b) => b[1].fetchedAt - a[1].fetchedAt)
      .slice(0, MAX_BASE_URLS);
    await this.memento.update(CACHE_KEY, Object.fromEntries(keep));
  }

  private all(): Record<string, unknown> {
    const v = this.memento.get<Record<string, unknown>>(CACHE_KEY);
    return v && typeof v === 'object' && !Array.isArray(v) ? { ...v } : {};
  }
}
