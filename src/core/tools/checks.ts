/**
 * The read-only check of one tool's config, in the engine's vocabulary: its Base URL (from the
 * text alone), Codex's wire API, the key it holds or the variable it reads (compared with the
 * checked key by hash, named by prefix at most), and, for a tool set up for the checked gateway,
 * its model against that key's /v1/models and the protocols each model serves. Pure apart from
 * hashing; never throws.
 */
import { t } from '../l10n';
import { analyzeApiKey, keyPrefix } from '../apiKey';
import { closestModel } from '../closestModel';
import { protocolsOf, type ModelEndpoints } from '../modelProtocols';
import { originOf } from './adapter';
import { baseUrlChecks } from './baseUrlChecks';
import { requestedModel, sha256 } from './readTool';
import { TOOL_PROTOCOL, type OtherKeySource, type ToolFinding, type ToolName, type ToolRead, type ToolSettings } from './types';

export interface ToolCheckContext {
  /** The RutaAPI Base URL checked against (the doctor's --base-url, the saved one in the editor). */
  expectedBaseUrl: string;
  /** The checked key, raw. */
  givenKey?: string;
  /** The key's /v1/models ids and the types they named, when they were read. */
  models?: readonly string[];
  endpoints?: ModelEndpoints;
  /** The environment the tool would run in, to check the variable it reads the key from. */
  environment?: Readonly<Record<string, string | undefined>>;
}

function oneKey(text: string, where: string, given: string | undefined): ToolFinding[] {
  const key = analyzeApiKey(text);
  const prefix = keyPrefix(key.cleaned ?? text.trim());
  if (key.foreignPlatform) {
    return [
      {
        code: 'tool_key_other_platform',
        severity: 'error',
        detail: t(
          'The key in {0} ({1}) looks like a key from {2}, not from RutaAPI, so RutaAPI rejects it.',
          where,
          prefix,
          key.foreignPlatform,
        ),
      },
    ];
  }
  if (key.cleaned === null) {
    return [{ code: 'invalid_key_format', severity: 'error', detail: `${where}: ${key.findings.map((f) => f.message).join(' ')}` }];
  }
  if (given !== undefined && sha256(key.cleaned) !== sha256(given)) {
    return [
      {
        code: 'tool_key_differs',
        severity: 'warning',
        detail: t('The key in {0} ({1}) is not the key checked here ({2}).', where, prefix, keyPrefix(given)),
      },
    ];
  }
  return [];
}

/** One place the tool takes a key from: how it is named in a finding, and the key when it can be read. */
interface KeyPlace {
  label: string;
  where: string;
  text?: string;
}

function placeOf(o: OtherKeySource, env: Readonly<Record<string, string | undefined>>): KeyPlace | undefined {
  if (o.kind === 'helper') return { label: t('{0} in {1}', o.name, o.file), where: o.file };
  if (o.kind === 'file')
    return { label: t('{0} in {1} ({2})', o.name, o.file, prefixOf(o.text)), where: `${o.file}, ${o.name}`, text: o.text };
  const value = env[o.name];
  if (value === undefined || value.trim() === '') return undefined;
  return { label: t('{0} in the environment ({1})', o.name, prefixOf(value)), where: `$${o.name}`, text: value };
}

function prefixOf(text: string): string {
  return keyPrefix(analyzeApiKey(text).cleaned ?? text.trim());
}

/** The key in use (written in the file, or its variable when set), then every other place that holds one. */
function keyPlaces(s: ToolSettings, env: Readonly<Record<string, string | undefined>>): KeyPlace[] {
  const places: KeyPlace[] = [];
  if (s.plainKey !== undefined) {
    const { text, file, name } = s.plainKey;
    const label = name !== undefined ? t('{0} in {1} ({2})', name, file, prefixOf(text)) : `${file} (${prefixOf(text)})`;
    places.push({ label, where: file, text });
  } else if (s.keyVariable !== undefined) {
    const value = env[s.keyVariable];
    if (value !== undefined && value.trim() !== '') {
      places.push({ label: t('{0} in the environment ({1})', s.keyVariable, prefixOf(value)), where: `$${s.keyVariable}`, text: value });
    }
  }
  for (const other of s.otherKeys ?? []) {
    const place = placeOf(other, env);
    if (place) places.push(place);
  }
  return places;
}

function keyChecks(tool: ToolName, s: ToolSettings, ctx: ToolCheckContext): ToolFinding[] {
  const given = ctx.givenKey !== undefined ? (analyzeApiKey(ctx.givenKey).cleaned ?? undefined) : undefined;
  const findings: ToolFinding[] = [];
  if (s.plainKey !== undefined) {
    findings.push({
      code: 'tool_key_in_file',
      severity: 'info',
      detail: t('The key is written in plain text in {0}: anyone who can read that file can use it.', s.plainKey.file),
    });
  } else if (s.keyVariable === undefined || ctx.environment === undefined) {
    return [];
  }
  const places = keyPlaces(s, ctx.environment ?? {});
  if (places.length === 0 && s.keyVariable !== undefined) {
    return [
      {
        code: 'tool_key_missing',
        severity: 'warning',
        detail: t(
          '{0} reads the key from the environment variable {1}, which is not set here. In VS Code, turn on the setting rutaapi.terminalEnvironment, or set it in your shell.',
          tool,
          s.keyVariable,
        ),
      },
    ];
  }
  for (const place of places) if (place.text !== undefined) findings.push(...oneKey(place.text, place.where, given));
  if (places.length > 1) {
    findings.push({
      code: 'tool_key_conflict',
      severity: 'warning',
      detail: t(
        '{0} finds more than one key: {1}. It then asks which to use, or uses one that is not your RutaAPI key. Keep only the RutaAPI key: Set Up removes the others from its settings file; unset a variable in your shell.',
        tool,
        places.map((p) => p.label).join('; '),
      ),
    });
  }
  return findings;
}

function modelChecks(tool: ToolName, s: ToolSettings, ctx: ToolCheckContext): ToolFinding[] {
  const model = requestedModel(tool, s);
  if (model === undefined || ctx.models === undefined || ctx.models.length === 0) return [];
  if (!ctx.models.includes(model)) {
    const closest = closestModel(model, ctx.models);
    const finding: ToolFinding = {
      code: 'tool_model_unknown',
      severity: 'error',
      detail: closest
        ? t('The model "{0}" is not one of the ids this key\'s /v1/models returns; the closest is "{1}".', model, closest)
        : t('The model "{0}" is not one of the ids this key\'s /v1/models returns.', model),
    };
    return [closest ? { ...finding, fix: closest } : finding];
  }
  const protocol = TOOL_PROTOCOL[tool];
  const types = protocolsOf(model, ctx.endpoints);
  if (types === undefined || types.includes(protocol)) return [];
  const fit = ctx.models.find((id) => protocolsOf(id, ctx.endpoints)?.includes(protocol));
  const finding: ToolFinding = {
    code: 'tool_model_wrong_protocol',
    severity: 'error',
    detail: t('The model "{0}" serves {1}, not {2}, which {3} speaks.', model, types.join(', ') || '—', protocol, tool),
  };
  return [fit ? { ...finding, fix: fit } : finding];
}

function wireApi(s: ToolSettings): ToolFinding[] {
  if (s.wireApi === 'responses') return [];
  return [
    {
      code: 'tool_wire_api_chat',
      severity: s.wireApi === 'chat' ? 'error' : 'warning',
      detail: t(
        'Codex speaks the Responses API to RutaAPI: set wire_api = "responses" in the provider\'s table (current Codex refuses "chat").',
      ),
      fix: 'responses',
    },
  ];
}

export function checkToolConfig(read: ToolRead, ctx: ToolCheckContext): ToolFinding[] {
  if (read.state === 'unreadable') {
    const p = read.problem;
    return [
      {
        code: 'tool_config_unreadable',
        severity: 'error',
        detail: `${p?.file ?? read.file}: ${p?.detail ?? ''} ${t('Nothing was changed.')}`.trim(),
      },
    ];
  }
  const s = read.settings;
  if (!read.found || !s) return [];
  if (s.baseUrl === undefined || s.baseUrl.trim() === '') {
    return [{ code: 'tool_not_set_up', severity: 'info', detail: t('{0} has no gateway Base URL set in {1}.', read.tool, read.file) }];
  }
  const findings = baseUrlChecks(read.tool, s.baseUrl, ctx.expectedBaseUrl);
  if (read.tool === 'codex') findings.push(...wireApi(s));
  // Set up for another gateway: its key and models are that gateway's business, not checked here.
  if (originOf(s.baseUrl) !== originOf(ctx.expectedBaseUrl)) return findings;
  findings.push(...keyChecks(read.tool, s, ctx), ...modelChecks(read.tool, s, ctx));
  return findings;
}
