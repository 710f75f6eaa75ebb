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
 * Schemas are built on first use, not at module load: constructing zod schemas costs several ms,
 * and activation must stay cheap (the panel is opened long after start-up, if at all).
 */
function build() {
  const str = (max: number) => z.string().check(z.maxLength(max));
  const code = str(64);
  const severity = z.enum(['error', 'warning', 'info']);

  // ---------- webview → host ----------

  const ScopeSchema = z.enum(['user', 'workspace']);

  const OpenTargetSchema = z.enum(['tokens', 'billing', 'usage', 'dashboard', 'settings', 'logs', 'proxySettings', 'support']);
  /** A dashboard URL the host sent (a fix value, a dashboard link): the host opens only those. */
  const url = str(2048);

  const CopyWhatSchema = z.enum(['baseUrl', 'model', 'key', 'report']);

  const WebviewMessageSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('ready') }),
    z.strictObject({
      type: z.literal('verify'),
      baseUrl: str(4096),
      apiKey: str(4096),
      model: z.optional(str(512)),
      allowInsecureHttp: z.optional(z.boolean()),
    }),
    z.strictObject({ type: z.literal('verifyModel'), baseUrl: str(4096), apiKey: str(4096), model: str(512) }),
    z.strictObject({ type: z.literal('cancel') }),
    z.strictObject({
      type: z.literal('save'),
      baseUrl: str(4096),
      apiKey: str(4096),
      model: str(512),
      scope: ScopeSchema,
    }),
    z.strictObject({ type: z.literal('open'), target: OpenTargetSchema, url: z.optional(url) }),
    z.strictObject({ type: z.literal('copy'), what: CopyWhatSchema }),
  ]);

  // ---------- host → webview ----------

  const FixSchema = z.strictObject({ kind: code, label: str(500), value: z.optional(str(4096)) });

  const DiagnosisSchema = z.strictObject({
    code,
    severity,
    title: str(2000),
    detail: str(8000),
    short: str(200),
    fixes: z.array(FixSchema),
    status: z.optional(z.number()),
    requestId: z.optional(str(500)),
  });

  const StepSchema = z.strictObject({
    name: z.enum(['models', 'chat']),
    state: z.enum(['idle', 'running', 'ok', 'fail']),
    status: z.optional(z.nullable(z.number())),
    latencyMs: z.optional(z.number()),
    requestId: z.optional(z.nullable(str(500))),
    modelCount: z.optional(z.number()),
    replyExcerpt: z.optional(str(2000)),
    model: z.optional(str(512)),
  });

  const InitStateSchema = z.strictObject({
    baseUrl: str(4096),
    defaultBaseUrl: str(4096),
    model: str(512),
    hasKey: z.boolean(),
    keyRedacted: z.optional(str(64)),
    isCursor: z.boolean(),
    hasWorkspace: z.boolean(),
    useBaseUrlAsEntered: z.boolean(),
  });

  /** Where a saved value comes from: the user's settings, the workspace's (.vscode/settings.json), or the default. */
  const SourceSchema = z.enum(['user', 'workspace', 'default']);

  /** The gateway's dashboard pages (http(s) URLs checked by the host), null when it has none. */
  const DashboardSchema = z.strictObject({ keys: z.nullable(url), topUp: z.nullable(url), usage: z.nullable(url) });

  /** The saved key's figures, already worded by the host (text from the gateway made inert). */
  const AccountSchema = z.strictObject({
    /** The balance line: "3.21 USD left of 10.00 USD (32 %)", "Unlimited key · 12.34 USD used". */
    summary: str(300),
    /** Further lines: used, expiry, key name, model limits. */
    lines: z.array(str(300)).check(z.maxLength(8)),
    unlimited: z.boolean(),
    /** Under rutaapi.lowBalanceWarning (or spent). */
    low: z.boolean(),
    available: z.nullable(z.number()),
    granted: z.nullable(z.number()),
    used: z.nullable(z.number()),
    unit: str(32),
    expiresAt: z.nullable(str(64)),
    /** When it was read (ms since epoch). */
    readAt: z.number(),
    /** The top-up page, when the gateway has one. */
    topUp: z.nullable(url),
  });

  const HostMessageSchema = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('init'),
      /** The panel's own strings, translated by the host. */
      strings: z.record(z.string(), z.string()),
      /** The editor's l10n bundle (vscode.l10n.bundle) so the engine's findings read in the user's language; absent in English. */
      l10n: z.optional(z.record(z.string(), z.string())),
      state: InitStateSchema,
    }),
    z.strictObject({ type: z.literal('step'), step: StepSchema }),
    z.strictObject({ type: z.literal('models'), models: z.array(str(512)), selected: z.optional(str(512)) }),
    z.strictObject({
      type: z.literal('verifyDone'),
      ok: z.boolean(),
      cancelled: z.boolean(),
      diagnosis: z.optional(DiagnosisSchema),
      /** The model both steps passed for; Save is allowed only for these exact form values. */
      verifiedModel: z.optional(str(512)),
    }),
    z.strictObject({
      type: z.literal('saved'),
      baseUrl: str(4096),
      model: str(512),
      scope: ScopeSchema,
      keyRedacted: str(64),
    }),
    z.strictObject({ type: z.literal('saveFailed'), message: str(4000) }),
    z.strictObject({ type: z.literal('announce'), text: str(2000) }),
    /** rutaapi.baseUrl / rutaapi.model changed elsewhere (model picker, settings editor, another window). */
    z.strictObject({ type: z.literal('savedSettings'), baseUrl: str(4096), model: str(512) }),
    /** The saved key changed elsewhere (Set/Remove API Key, another window): only whether one exists. */
    z.strictObject({ type: z.literal('keyState'), hasKey: z.boolean(), keyRedacted: z.optional(str(64)) }),
    /**
     * The saved key's figures (after each successful check of the saved configuration, on focus,
     * on request); null when none are known or the gateway reports none.
     */
    z.strictObject({ type: z.literal('account'), account: z.nullable(AccountSchema) }),
    /** The dashboard of the Base URL last verified (or saved): null when the gateway has none. */
    z.strictObject({ type: z.literal('dashboard'), dashboard: z.nullable(DashboardSchema) }),
    /**
     * Where the saved rutaapi.baseUrl and rutaapi.model come from (after 'init', and whenever they
     * change), and the user's own Base URL (null: none set, RutaAPI's default applies there).
     */
    z.strictObject({
      type: z.literal('sources'),
      baseUrl: SourceSchema,
      model: SourceSchema,
      userBaseUrl: z.nullable(str(4096)),
    }),
  ]);
  return {
    ScopeSchema,
    OpenTargetSchema,
    CopyWhatSchema,
    WebviewMessageSchema,
    FixSchema,
    DiagnosisSchema,
    StepSchema,
    InitStateSchema,
    SourceSchema,
    DashboardSchema,
    AccountSchema,
    HostMessageSchema,
  };
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

export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  const r = schemas().WebviewMessageSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

export function parseHostMessage(data: unknown): HostMessage | undefined {
  const r = schemas().HostMessageSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

/**
 * Bounds a host → webview message to the caps of HostMessageSchema, right before it is posted, so
 * the panel's parser never drops a verdict or a model list because one string from the network is
 * too long. Derived from the schema itself: every `too_big` string issue is fixed at its path and
 * the message parsed again. An over-long string is cut with an ellipsis, except model ids, which
 * are identifiers: an over-long id in `models` is dropped (and an over-long `selected` removed),
 * each with a note for the log. Returns undefined only for a message the caps cannot explain.
 */
export function fitHostMessage(message: HostMessage, note: (text: string) => void = () => undefined): HostMessage | undefined {
  const current: unknown = JSON.parse(JSON.stringify(message));
  for (let round = 0; round < 20; round++) {
    const r = schemas().HostMessageSchema.safeParse(current);
    if (r.success) return r.data;
    const drops = new Set<number>();
    let fixed = 0;
    for (const issue of r.error.issues) {
      if (issue.code !== 'too_big' || issue.origin !== 'string' || typeof issue.maximum !== 'number') return undefined;
      const path = issue.path;
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k as PropertyKey], current) as
        Record<PropertyKey, unknown> | unknown[] | undefined;
      const last = path[path.length - 1] as PropertyKey;
      const value = parent ? (parent as Record<PropertyKey, unknown>)[last] : undefined;
      if (!parent || typeof value !== 'string') return undefined;
      const isModelsList = (current as { type?: string }).type === 'models' && path[0] === 'models' && typeof last === 'number';
      if (isModelsList) {
        drops.add(last as number);
        note(`Dropped a model id of ${value.length} characters (longer than ${issue.maximum}) from the list sent to the setup panel`);
      } else if ((current as { type?: string }).type === 'models' && last === 'selected') {
        delete (parent as Record<PropertyKey, unknown>)[last];
        note(`Dropped the selected model id of ${value.length} characters (longer than ${issue.maximum})`);
      } else {
        (parent as Record<PropertyKey, unknown>)[last] = `${Array.from(value)
          .slice(0, Math.max(0, issue.maximum - 1))
          .join('')
          .slice(0, issue.maximum - 1)}…`;
        note(
          `Cut '${path.join('.')}' of a '${String((current as { type?: string }).type)}' message from ${value.length} to ${issue.maximum} characters`,
        );
      }
      fixed++;
    }
    if (drops.size) {
      const m = current as { models: unknown[] };
      m.models = m.models.filter((_, i) => !drops.has(i));
    }
    if (!fixed) return undefined;
  }
  return undefined;
}
