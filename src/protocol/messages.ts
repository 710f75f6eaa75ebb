/**
 * The setup panel protocol. Base URL and key findings are computed in the webview itself (the
 * engine's pure analysis is bundled into it), so the key leaves the webview only on verify/save.
 * Every message in both directions is parsed with these schemas on
 * arrival; anything unknown or malformed is dropped (and logged by the host).
 * zod/mini keeps both bundles small. Rule: the API key only ever travels webview → host
 * (verify, verifyModel, save). No host → webview message has a field that could carry it.
 */
import * as z from 'zod/mini';

/**
 * The protocol's caps, in characters (UTF-16 code units, as zod counts them): the schemas check
 * them and the host → webview builders below cut to them, so a message fits by construction.
 */
export const CAPS = {
  /** A diagnosis or fix code. */
  code: 64,
  /** A dashboard URL the host sent (a fix value, a dashboard link). */
  url: 2048,
  baseUrl: 4096,
  apiKey: 4096,
  model: 512,
  keyRedacted: 64,
  fixLabel: 500,
  fixValue: 4096,
  title: 2000,
  detail: 8000,
  short: 200,
  requestId: 500,
  replyExcerpt: 2000,
  saveFailed: 4000,
  announce: 2000,
  accountLine: 300,
  accountLines: 8,
  unit: 32,
  expiresAt: 64,
  /** Endpoint types per model (new-api names nine; the engine keeps at most 32). */
  protocols: 32,
  /** Rows of the Cursor checklist (the check names about a dozen at most). */
  cursorRows: 32,
} as const;

const str = (max: number) => z.string().check(z.maxLength(max));

/**
 * Schemas are built on first use, not at module load: constructing zod schemas costs several ms,
 * and activation must stay cheap (the panel is opened long after start-up, if at all).
 */
function build() {
  const webview = webviewSchemas();
  const parts = hostParts();
  return { ...webview, ...parts, HostMessageSchema: hostMessageSchema(webview.ScopeSchema, parts) };
}

// ---------- webview → host ----------

function webviewSchemas() {
  const ScopeSchema = z.enum(['user', 'workspace']);
  const OpenTargetSchema = z.enum(['tokens', 'billing', 'usage', 'dashboard', 'settings', 'logs', 'proxySettings', 'support']);
  const CopyWhatSchema = z.enum(['baseUrl', 'model', 'key', 'report']);
  const baseUrl = str(CAPS.baseUrl);
  const apiKey = str(CAPS.apiKey);
  const model = str(CAPS.model);
  const WebviewMessageSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('ready') }),
    z.strictObject({
      type: z.literal('verify'),
      baseUrl,
      apiKey,
      model: z.optional(model),
      allowInsecureHttp: z.optional(z.boolean()),
    }),
    z.strictObject({ type: z.literal('verifyModel'), baseUrl, apiKey, model }),
    z.strictObject({ type: z.literal('cancel') }),
    z.strictObject({ type: z.literal('save'), baseUrl, apiKey, model, scope: ScopeSchema }),
    /** `url`: a dashboard URL the host sent: the host opens only those. */
    z.strictObject({ type: z.literal('open'), target: OpenTargetSchema, url: z.optional(str(CAPS.url)) }),
    z.strictObject({ type: z.literal('copy'), what: CopyWhatSchema }),
    /**
     * A Cursor checklist row's Fix, by its place in the last list the host sent and its code (two rows may share a
     * code, e.g. two unknown models): the host copies that row's value and opens Cursor's Models settings.
     */
    z.strictObject({
      type: z.literal('cursorFix'),
      // A whole number below the row cap; one refine costs the panel bundle half what z.int() with bounds does.
      index: z.number().check(z.refine((i) => Number.isInteger(i) && i >= 0 && i < CAPS.cursorRows)),
      code: str(CAPS.code),
    }),
  ]);
  return { ScopeSchema, OpenTargetSchema, CopyWhatSchema, WebviewMessageSchema };
}

// ---------- host → webview ----------

/** The parts of host messages: a diagnosis, a step, the initial state, sources, dashboard, account. */
function hostParts() {
  const url = str(CAPS.url);
  const FixSchema = z.strictObject({ kind: str(CAPS.code), label: str(CAPS.fixLabel), value: z.optional(str(CAPS.fixValue)) });
  const DiagnosisSchema = z.strictObject({
    code: str(CAPS.code),
    severity: z.enum(['error', 'warning', 'info']),
    title: str(CAPS.title),
    detail: str(CAPS.detail),
    short: str(CAPS.short),
    fixes: z.array(FixSchema),
    status: z.optional(z.number()),
    requestId: z.optional(str(CAPS.requestId)),
  });
  const StepSchema = z.strictObject({
    name: z.enum(['models', 'chat']),
    state: z.enum(['idle', 'running', 'ok', 'fail']),
    status: z.optional(z.nullable(z.number())),
    latencyMs: z.optional(z.number()),
    requestId: z.optional(z.nullable(str(CAPS.requestId))),
    modelCount: z.optional(z.number()),
    replyExcerpt: z.optional(str(CAPS.replyExcerpt)),
    model: z.optional(str(CAPS.model)),
  });
  const InitStateSchema = z.strictObject({
    baseUrl: str(CAPS.baseUrl),
    defaultBaseUrl: str(CAPS.baseUrl),
    model: str(CAPS.model),
    hasKey: z.boolean(),
    keyRedacted: z.optional(str(CAPS.keyRedacted)),
    isCursor: z.boolean(),
    hasWorkspace: z.boolean(),
    useBaseUrlAsEntered: z.boolean(),
  });
  /** Where a saved value comes from: the user's settings, the workspace's (.vscode/settings.json), or the default. */
  const SourceSchema = z.enum(['user', 'workspace', 'default']);
  /** The gateway's dashboard pages (http(s) URLs checked by the host), null when it has none. */
  const DashboardSchema = z.strictObject({ keys: z.nullable(url), topUp: z.nullable(url), usage: z.nullable(url) });
  /** A finding on Cursor's own settings (core/cursor): its code, one sentence (a key by prefix at most) and the value its Fix copies. */
  const CursorRowSchema = z.strictObject({
    code: str(CAPS.code),
    severity: z.enum(['error', 'warning', 'info']),
    detail: str(CAPS.detail),
    fix: z.optional(str(CAPS.fixValue)),
  });
  return {
    FixSchema,
    DiagnosisSchema,
    StepSchema,
    InitStateSchema,
    SourceSchema,
    DashboardSchema,
    CursorRowSchema,
    AccountSchema: accountSchema(),
  };
}

/** The saved key's figures, already worded by the host (text from the gateway made inert). */
function accountSchema() {
  return z.strictObject({
    /** The balance line: "3.21 USD left of 10.00 USD (32 %)", "Unlimited key · 12.34 USD used". */
    summary: str(CAPS.accountLine),
    /** Further lines: used, expiry, key name, model limits. */
    lines: z.array(str(CAPS.accountLine)).check(z.maxLength(CAPS.accountLines)),
    unlimited: z.boolean(),
    /** Under rutaapi.lowBalanceWarning (or spent). */
    low: z.boolean(),
    available: z.nullable(z.number()),
    granted: z.nullable(z.number()),
    used: z.nullable(z.number()),
    unit: str(CAPS.unit),
    expiresAt: z.nullable(str(CAPS.expiresAt)),
    /** When it was read (ms since epoch). */
    readAt: z.number(),
    /** The top-up page, when the gateway has one. */
    topUp: z.nullable(str(CAPS.url)),
  });
}

function hostMessageSchema(ScopeSchema: ReturnType<typeof webviewSchemas>['ScopeSchema'], p: ReturnType<typeof hostParts>) {
  const baseUrl = str(CAPS.baseUrl);
  const model = str(CAPS.model);
  const keyRedacted = str(CAPS.keyRedacted);
  return z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('init'),
      /** The panel's own strings, translated by the host. */
      strings: z.record(z.string(), z.string()),
      /** The editor's l10n bundle (vscode.l10n.bundle) so the engine's findings read in the user's language; absent in English. */
      l10n: z.optional(z.record(z.string(), z.string())),
      state: p.InitStateSchema,
    }),
    z.strictObject({ type: z.literal('step'), step: p.StepSchema }),
    z.strictObject({
      type: z.literal('models'),
      /** The models that can chat: the choices. */
      models: z.array(model),
      selected: z.optional(model),
      /** Models listed only for other protocols (`supported_endpoint_types` as the gateway spells them): shown apart, not choices. */
      others: z.optional(z.array(z.strictObject({ id: model, serves: z.array(str(CAPS.code)).check(z.maxLength(CAPS.protocols)) }))),
    }),
    z.strictObject({
      type: z.literal('verifyDone'),
      ok: z.boolean(),
      cancelled: z.boolean(),
      diagnosis: z.optional(p.DiagnosisSchema),
      /** The model both steps passed for; Save is allowed only for these exact form values. */
      verifiedModel: z.optional(model),
    }),
    z.strictObject({ type: z.literal('saved'), baseUrl, model, scope: ScopeSchema, keyRedacted }),
    z.strictObject({ type: z.literal('saveFailed'), message: str(CAPS.saveFailed) }),
    z.strictObject({ type: z.literal('announce'), text: str(CAPS.announce) }),
    /** rutaapi.baseUrl / rutaapi.model changed elsewhere (model picker, settings editor, another window). */
    z.strictObject({ type: z.literal('savedSettings'), baseUrl, model }),
    /** The saved key changed elsewhere (Set/Remove API Key, another window): only whether one exists. */
    z.strictObject({ type: z.literal('keyState'), hasKey: z.boolean(), keyRedacted: z.optional(keyRedacted) }),
    /**
     * The saved key's figures (after each successful check of the saved configuration, on focus,
     * on request); null when none are known or the gateway reports none.
     */
    z.strictObject({ type: z.literal('account'), account: z.nullable(p.AccountSchema) }),
    /** The dashboard of the Base URL last verified (or saved): null when the gateway has none. */
    z.strictObject({ type: z.literal('dashboard'), dashboard: z.nullable(p.DashboardSchema) }),
    /**
     * Where the saved rutaapi.baseUrl and rutaapi.model come from (after 'init', and whenever they
     * change), and the user's own Base URL (null: none set, RutaAPI's default applies there).
     */
    z.strictObject({ type: z.literal('sources'), baseUrl: p.SourceSchema, model: p.SourceSchema, userBaseUrl: z.nullable(baseUrl) }),
    /**
     * A dashboard link (host/commands/connectLink.ts) filled the form: its Base URL, and its key by
     * prefix only (the key stays in the host, used while the key field is empty). The panel verifies.
     */
    z.strictObject({ type: z.literal('link'), baseUrl, keyRedacted }),
    /**
     * In Cursor: the checklist of Cursor's own model settings, as RutaAPI: Check Cursor Settings shows
     * it (after 'init' and after every later check); no rows: they look right.
     */
    z.strictObject({ type: z.literal('cursorChecklist'), rows: z.array(p.CursorRowSchema).check(z.maxLength(CAPS.cursorRows)) }),
  ]);
}

type Schemas = ReturnType<typeof build>;
let built: Schemas | undefined;
export const schemas = (): Schemas => (built ??= build());

export type OpenTarget = z.infer<Schemas['OpenTargetSchema']>;
export type CopyWhat = z.infer<Schemas['CopyWhatSchema']>;
export type WebviewMessage = z.infer<Schemas['WebviewMessageSchema']>;
export type DiagnosisView = z.infer<Schemas['DiagnosisSchema']>;
export type StepView = z.infer<Schemas['StepSchema']>;
export type InitState = z.infer<Schemas['InitStateSchema']>;
export type SourcesView = Omit<Extract<HostMessage, { type: 'sources' }>, 'type'>;
export type HostMessage = z.infer<Schemas['HostMessageSchema']>;
export type DashboardView = z.infer<Schemas['DashboardSchema']>;
export type AccountView = z.infer<Schemas['AccountSchema']>;
export type CursorRowView = z.infer<Schemas['CursorRowSchema']>;

export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  const r = schemas().WebviewMessageSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

export function parseHostMessage(data: unknown): HostMessage | undefined {
  const r = schemas().HostMessageSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

/** Cuts `text` to `max` characters, ending in an ellipsis, without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

type Note = (text: string) => void;
type Cut = (value: string, max: number, field: string) => string;
type Account = NonNullable<AccountView>;
type VerifyDone = Extract<HostMessage, { type: 'verifyDone' }>;

/** Bounded fields of a diagnosis, a step, the initial state and the account figures. */
function fitDiagnosis(d: DiagnosisView, cut: Cut): DiagnosisView {
  return {
    ...d,
    code: cut(d.code, CAPS.code, 'diagnosis.code'),
    title: cut(d.title, CAPS.title, 'diagnosis.title'),
    detail: cut(d.detail, CAPS.detail, 'diagnosis.detail'),
    short: cut(d.short, CAPS.short, 'diagnosis.short'),
    fixes: d.fixes.map((f, i) => ({
      ...f,
      kind: cut(f.kind, CAPS.code, `diagnosis.fixes.${i}.kind`),
      label: cut(f.label, CAPS.fixLabel, `diagnosis.fixes.${i}.label`),
      ...(f.value !== undefined ? { value: cut(f.value, CAPS.fixValue, `diagnosis.fixes.${i}.value`) } : {}),
    })),
    ...(d.requestId !== undefined ? { requestId: cut(d.requestId, CAPS.requestId, 'diagnosis.requestId') } : {}),
  };
}

function fitStep(s: StepView, cut: Cut): StepView {
  return {
    ...s,
    ...(typeof s.requestId === 'string' ? { requestId: cut(s.requestId, CAPS.requestId, 'step.requestId') } : {}),
    ...(s.replyExcerpt !== undefined ? { replyExcerpt: cut(s.replyExcerpt, CAPS.replyExcerpt, 'step.replyExcerpt') } : {}),
    ...(s.model !== undefined ? { model: cut(s.model, CAPS.model, 'step.model') } : {}),
  };
}

function fitInitState(s: InitState, cut: Cut): InitState {
  return {
    ...s,
    baseUrl: cut(s.baseUrl, CAPS.baseUrl, 'state.baseUrl'),
    defaultBaseUrl: cut(s.defaultBaseUrl, CAPS.baseUrl, 'state.defaultBaseUrl'),
    model: cut(s.model, CAPS.model, 'state.model'),
    ...(s.keyRedacted !== undefined ? { keyRedacted: cut(s.keyRedacted, CAPS.keyRedacted, 'state.keyRedacted') } : {}),
  };
}

function fitAccount(a: Account, cut: Cut): Account {
  return {
    ...a,
    summary: cut(a.summary, CAPS.accountLine, 'account.summary'),
    lines: a.lines.slice(0, CAPS.accountLines).map((line, i) => cut(line, CAPS.accountLine, `account.lines.${i}`)),
    unit: cut(a.unit, CAPS.unit, 'account.unit'),
    expiresAt: a.expiresAt === null ? null : cut(a.expiresAt, CAPS.expiresAt, 'account.expiresAt'),
    topUp: a.topUp === null ? null : cut(a.topUp, CAPS.url, 'account.topUp'),
  };
}

function fitDashboard(d: DashboardView | null, cut: Cut): DashboardView | null {
  const link = (value: string | null, field: string): string | null => (value === null ? null : cut(value, CAPS.url, `dashboard.${field}`));
  return d === null ? null : { keys: link(d.keys, 'keys'), topUp: link(d.topUp, 'topUp'), usage: link(d.usage, 'usage') };
}

/**
 * Model ids are identifiers, never cut: an over-long id is dropped from the list and an over-long
 * selection removed, each with a note.
 */
function fitModels(m: Extract<HostMessage, { type: 'models' }>, cut: Cut, note: Note): Extract<HostMessage, { type: 'models' }> {
  const fits = (id: string): boolean => id.length <= CAPS.model;
  const { models, selected, others } = m;
  for (const id of [...models, ...(others ?? []).map((o) => o.id)])
    if (!fits(id)) note(`Dropped a model id of ${id.length} characters (longer than ${CAPS.model}) from the list sent to the setup panel`);
  if (selected !== undefined && !fits(selected))
    note(`Dropped the selected model id of ${selected.length} characters (longer than ${CAPS.model})`);
  const fittedOthers = others
    ?.filter((o) => fits(o.id))
    .map((o) => ({ id: o.id, serves: o.serves.slice(0, CAPS.protocols).map((p) => cut(p, CAPS.code, 'serves')) }));
  return {
    type: 'models',
    models: models.filter(fits),
    ...(selected !== undefined && fits(selected) ? { selected } : {}),
    ...(fittedOthers !== undefined ? { others: fittedOthers } : {}),
  };
}

function fitCursorRow(r: CursorRowView, cut: Cut, i: number): CursorRowView {
  return {
    ...r,
    code: cut(r.code, CAPS.code, `rows.${i}.code`),
    detail: cut(r.detail, CAPS.detail, `rows.${i}.detail`),
    ...(r.fix !== undefined ? { fix: cut(r.fix, CAPS.fixValue, `rows.${i}.fix`) } : {}),
  };
}

function fitVerifyDone(m: VerifyDone, cut: Cut): VerifyDone {
  return {
    ...m,
    ...(m.diagnosis !== undefined ? { diagnosis: fitDiagnosis(m.diagnosis, cut) } : {}),
    ...(m.verifiedModel !== undefined ? { verifiedModel: cut(m.verifiedModel, CAPS.model, 'verifiedModel') } : {}),
  };
}

/** Every bounded string of `m` cut to its cap (model ids dropped instead), one case per message type. */
function fitted(m: HostMessage, cut: Cut, note: Note): HostMessage {
  switch (m.type) {
    case 'init':
      return { ...m, state: fitInitState(m.state, cut) };
    case 'step':
      return { ...m, step: fitStep(m.step, cut) };
    case 'models':
      return fitModels(m, cut, note);
    case 'verifyDone':
      return fitVerifyDone(m, cut);
    case 'saved':
      return {
        ...m,
        baseUrl: cut(m.baseUrl, CAPS.baseUrl, 'baseUrl'),
        model: cut(m.model, CAPS.model, 'model'),
        keyRedacted: cut(m.keyRedacted, CAPS.keyRedacted, 'keyRedacted'),
      };
    case 'saveFailed':
      return { ...m, message: cut(m.message, CAPS.saveFailed, 'message') };
    case 'announce':
      return { ...m, text: cut(m.text, CAPS.announce, 'text') };
    case 'savedSettings':
      return { ...m, baseUrl: cut(m.baseUrl, CAPS.baseUrl, 'baseUrl'), model: cut(m.model, CAPS.model, 'model') };
    case 'keyState':
      return m.keyRedacted === undefined ? m : { ...m, keyRedacted: cut(m.keyRedacted, CAPS.keyRedacted, 'keyRedacted') };
    case 'account':
      return { ...m, account: m.account === null ? null : fitAccount(m.account, cut) };
    case 'dashboard':
      return { ...m, dashboard: fitDashboard(m.dashboard, cut) };
    case 'sources':
      return { ...m, userBaseUrl: m.userBaseUrl === null ? null : cut(m.userBaseUrl, CAPS.baseUrl, 'userBaseUrl') };
    case 'link':
      return { ...m, baseUrl: cut(m.baseUrl, CAPS.baseUrl, 'baseUrl'), keyRedacted: cut(m.keyRedacted, CAPS.keyRedacted, 'keyRedacted') };
    case 'cursorChecklist':
      return { ...m, rows: m.rows.slice(0, CAPS.cursorRows).map((r, i) => fitCursorRow(r, cut, i)) };
  }
}

/**
 * A host → webview message within the caps of HostMessageSchema, built right before it is posted
 * so the panel's parser never drops a verdict or a model list because one string from the network
 * is too long: every bounded string is cut to its cap (CAPS) with an ellipsis, except model ids,
 * which are identifiers: an over-long id in `models` is dropped (and an over-long `selected`
 * removed), each with a note for the log. The result is checked once against the schema; undefined
 * only for a message the caps cannot explain (an unknown field, a wrong type).
 */
export function fitHostMessage(message: HostMessage, note: Note = () => undefined): HostMessage | undefined {
  const cut: Cut = (value, max, field) => {
    if (value.length <= max) return value;
    note(`Cut '${field}' of a '${message.type}' message from ${value.length} to ${max} characters`);
    return cutText(value, max);
  };
  const r = schemas().HostMessageSchema.safeParse(fitted(message, cut, note));
  return r.success ? r.data : undefined;
}
