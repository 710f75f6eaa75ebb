/**
 * Every tool checked end to end for the doctor and the host: the configs read, the key's
 * /v1/models (with supported_endpoint_types) listed once by the engine, each config's findings,
 * and, for Codex and Claude Code set up for this gateway with a model that fits, one tiny request
 * in their own protocol. The key is sent only to the checked Base URL's origin. Never throws.
 */
import type { ModelEndpoints } from '../modelProtocols';
import { protocolsOf } from '../modelProtocols';
import { analyzeBaseUrl, withV1 } from '../baseUrl';
import type { VerificationResult, VerifyOptions } from '../types';
import { checkToolConfig } from './checks';
import { withoutV1 } from './claudeCode';
import { probeTool, type ProbeResult } from './probe';
import { readTools, requestedModel } from './readTool';
import type { ToolFs } from './toolFs';
import { TOOL_PROTOCOL, type ToolEnv, type ToolFinding, type ToolName, type ToolRead } from './types';

export interface ToolsCheckOptions {
  env: ToolEnv;
  baseUrl: string;
  /** The key to check with, raw; without it no request is sent. */
  key?: string;
  /** The engine's verification (gateway.js's `verify`), passed in so this module carries no SDK. */
  verify: (options: VerifyOptions) => Promise<VerificationResult>;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
  fs?: ToolFs;
  /** Only this tool (the editor's Check of one tool): the others are neither reported nor probed. */
  only?: ToolName;
}

export interface ToolReport {
  read: ToolRead;
  findings: ToolFinding[];
  probe?: ProbeResult;
}

export interface ToolsCheck {
  ok: boolean;
  tools: ToolReport[];
  /** The key's /v1/models ids, when listed. */
  models?: string[];
}

interface Listed {
  models?: string[];
  endpoints?: ModelEndpoints;
  failure?: ToolFinding;
}

async function listModels(o: ToolsCheckOptions): Promise<Listed> {
  if (o.key === undefined) return {};
  const result = await o.verify({ apiKey: o.key, baseUrl: o.baseUrl, timeoutMs: o.timeoutMs, signal: o.signal, fetch: o.fetch });
  if (!result.ok) {
    const d = result.diagnosis;
    return { failure: { code: d.code, severity: 'error', detail: `${d.title}. ${d.detail}` } };
  }
  return { models: result.models, endpoints: result.modelEndpoints };
}

/** The tool's API root as the probe needs it, or undefined when its text is not a URL. */
function probeRoot(read: ToolRead): string | undefined {
  const text = read.settings?.baseUrl;
  if (text === undefined) return undefined;
  const normalized = analyzeBaseUrl(read.tool === 'claude-code' ? withV1(withoutV1(text)) : text).normalized;
  return normalized ?? undefined;
}

async function probe(
  read: ToolRead,
  findings: readonly ToolFinding[],
  listed: Listed,
  o: ToolsCheckOptions,
): Promise<ProbeResult | undefined> {
  if ((read.tool !== 'codex' && read.tool !== 'claude-code') || read.state !== 'rutaapi' || !o.key || !listed.models) return undefined;
  if (findings.some((f) => f.severity === 'error')) return undefined;
  const model = read.settings ? requestedModel(read.tool, read.settings) : undefined;
  const root = probeRoot(read);
  if (!model || !root || !listed.models.includes(model)) return undefined;
  if (!(protocolsOf(model, listed.endpoints)?.includes(TOOL_PROTOCOL[read.tool]) ?? true)) return undefined;
  return probeTool({
    tool: read.tool,
    baseUrl: root,
    model,
    key: o.key,
    models: listed.models,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    fetch: o.fetch,
  });
}

export async function checkTools(o: ToolsCheckOptions): Promise<ToolsCheck> {
  const all = await readTools({ env: o.env, target: { baseUrl: o.baseUrl, key: o.key }, fs: o.fs });
  const reads = o.only ? all.filter((r) => r.tool === o.only) : all;
  const listed = await listModels(o);
  const tools: ToolReport[] = [];
  for (const read of reads) {
    const findings = checkToolConfig(read, {
      expectedBaseUrl: o.baseUrl,
      givenKey: o.key,
      models: listed.models,
      endpoints: listed.endpoints,
      environment: o.env.env,
    });
    if (listed.failure && read.state === 'rutaapi') findings.push(listed.failure);
    const probed = await probe(read, findings, listed, o);
    if (probed?.finding) findings.push(probed.finding);
    tools.push(probed ? { read, findings, probe: probed } : { read, findings });
  }
  const ok = tools.every((r) => r.findings.every((f) => f.severity !== 'error'));
  return { ok, tools, models: listed.models };
}
