/**
 * The models to offer for a tool: those whose `supported_endpoint_types` include the tool's
 * protocol (`anthropic` for Claude Code, `openai-response` for Codex, `openai` for the others).
 * A gateway that does not send the field gets every model, with a warning that some may not work.
 */
import { protocolsOf, type ModelEndpoints } from '../modelProtocols';
import { TOOL_PROTOCOL, type ToolName } from './types';

export interface ToolModels {
  models: string[];
  /** True when the gateway named no endpoint types, so the list could not be filtered. */
  unfiltered: boolean;
}

export function modelsForTool(tool: ToolName, ids: readonly string[], endpoints: ModelEndpoints | undefined): ToolModels {
  if (endpoints === undefined || Object.keys(endpoints).length === 0) return { models: [...ids], unfiltered: true };
  const protocol = TOOL_PROTOCOL[tool];
  // A model the list did not label is kept: the field is a hint, and only a labelled model is known not to fit.
  return { models: ids.filter((id) => protocolsOf(id, endpoints)?.includes(protocol) ?? true), unfiltered: false };
}
