// A small stand-in for the page's DOM: just what the usage view's request table (requestTable.ts,
// tables.ts) uses — elements, text, attributes, events, focus, a <select>'s value — so its wiring
// can be driven in node without a browser.
/* eslint-disable @typescript-eslint/no-explicit-any */

export class FakeElement {
  children: FakeElement[] = [];
  parent: FakeElement | undefined;
  attributes = new Map<string, string>();
  dataset: Record<string, string> = {};
  className = '';
  title = '';
  scope = '';
  type = '';
  hidden = false;
  private text = '';
  private ownValue = '';
  private listeners = new Map<string, Array<(e: unknown) => void>>();

  constructor(
    readonly tagName: string,
    private readonly doc: FakeDocument,
  ) {}

  get value(): string {
    if (this.tagName !== 'SELECT') return this.ownValue;
    return this.ownValue || (this.children[0] as FakeElement | undefined)?.value || '';
  }
  set value(v: string) {
    // A <select> takes only one of its options' values.
    this.ownValue = this.tagName === 'SELECT' && !this.children.some((o) => o.value === v) ? '' : v;
  }
  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }
  set textContent(t: string) {
    this.replaceChildren();
    this.text = t;
  }
  get tBodies(): FakeElement[] {
    return this.children.filter((c) => c.tagName === 'TBODY');
  }
  get tHead(): FakeElement | null {
    return this.children.find((c) => c.tagName === 'THEAD') ?? null;
  }
  createTHead(): FakeElement {
    const h = this.doc.createElement('thead');
    this.children.unshift(h);
    h.parent = this;
    return h;
  }
  setAttribute(name: string, v: string): void {
    this.attributes.set(name, v);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  append(...nodes: FakeElement[]): void {
    for (const n of nodes) {
      if (n.tagName === '#FRAGMENT') {
        this.append(...n.children);
        n.children = [];
        continue;
      }
      n.parent?.children.splice(n.parent.children.indexOf(n), 1);
      n.parent = this;
      this.children.push(n);
    }
  }
  appendChild(n: FakeElement): FakeElement {
    this.append(n);
    return n;
  }
  replaceChildren(...nodes: FakeElement[]): void {
    for (const c of this.children) c.parent = undefined;
    this.children = [];
    this.text = '';
    this.append(...nodes);
  }
  contains(n: unknown): boolean {
    for (let p = n as FakeElement | undefined; p; p = p.parent) if (p === this) return true;
    return false;
  }
  /** Tag names only (`button`, `tbody tr`: descendants). */
  querySelectorAll(sel: string): FakeElement[] {
    const [first, ...rest] = sel.trim().split(/\s+/);
    const found = this.descendants().filter((d) => d.tagName === first.toUpperCase());
    return rest.length ? found.flatMap((f) => f.querySelectorAll(rest.join(' '))) : found;
  }
  querySelector(sel: string): FakeElement | null {
    return this.querySelectorAll(sel)[0] ?? null;
  }
  descendants(): FakeElement[] {
    return this.children.flatMap((c) => [c, ...c.descendants()]);
  }
  addEventListener(type: string, fn: (e: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  dispatch(type: string): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ type, target: this });
  }
  click(): void {
    this.dispatch('click');
  }
  focus(): void {
    this.doc.activeElement = this;
  }
}

export class FakeDocument {
  activeElement: FakeElement | null = null;
  createElement(tag: string): FakeElement {
    return new FakeElement(tag.toUpperCase(), this);
  }
  createDocumentFragment(): FakeElement {
    return new FakeElement('#FRAGMENT', this);
  }
}

/** Runs `fn` with `globalThis.document` set to a fresh fake document. */
export function withFakeDocument<T>(fn: (doc: FakeDocument) => T): T {
  const g = globalThis as any;
  const before = g.document;
  const doc = new FakeDocument();
  g.document = doc;
  try {
    return fn(doc);
  } finally {
    g.document = before;
  }
}
