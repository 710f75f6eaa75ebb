import type { MementoPort } from '../shared/ports';

const CACHE_KEY = 'rutaapi.modelCache';
const MAX_BASE_URLS = 10;

interface Entry {
  models: string[];
  fetchedAt: number;
}

/** Model ids per Base URL in globalState. Holds no secrets: only URLs and public model ids. */
export class ModelCache {
  constructor(private readonly memento: MementoPort) {}

  get(baseUrl: string): Entry | undefined {
    return this.all()[baseUrl];
  }

  async set(baseUrl: string, models: string[], now = Date.now()): Promise<void> {
    const all = this.all();
    all[baseUrl] = { models, fetchedAt: now };
    const keep = Object.entries(all)
      .sort((a, b) => b[1].fetchedAt - a[1].fetchedAt)
      .slice(0, MAX_BASE_URLS);
    await this.memento.update(CACHE_KEY, Object.fromEntries(keep));
  }

  private all(): Record<string, Entry> {
    const v = this.memento.get<Record<string, Entry>>(CACHE_KEY);
    return v && typeof v === 'object' ? { ...v } : {};
  }
}
