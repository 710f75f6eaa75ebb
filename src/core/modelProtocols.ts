/**
 * Which protocol each model serves, from `supported_endpoint_types` in a new-api gateway's
 * /v1/models (`openai` chat completions, `openai-response` the Responses API, `anthropic` Messages,
 * `embeddings`, `image-generation`, …). A hint from the gateway, not a guarantee. A model the map
 * does not name (a gateway that does not send the field) is taken to serve everything, as before.
 * Pure: no zod here (the list is parsed in core/verification/modelList.ts, in gateway.js only).
 */

/** Model id → the endpoint types `/v1/models` named for it; only models that had the field. */
export type ModelEndpoints = Readonly<Record<string, readonly string[]>>;

/** The protocols the tools and the chat speak, as `supported_endpoint_types` spells them. */
export type Protocol = 'openai' | 'openai-response' | 'anthropic';

/** The endpoint types of `id`, or undefined when the gateway did not say. */
export function protocolsOf(id: string, endpoints: ModelEndpoints | undefined): readonly string[] | undefined {
  return endpoints && Object.prototype.hasOwnProperty.call(endpoints, id) ? endpoints[id] : undefined;
}

/** True when `id` serves `protocol` (or the gateway did not say what it serves). */
function serves(id: string, protocol: Protocol, endpoints: ModelEndpoints | undefined): boolean {
  const types = protocolsOf(id, endpoints);
  return types === undefined || types.includes(protocol);
}

/** The ids, in order, that serve `protocol`. */
function modelsServing(ids: readonly string[], protocol: Protocol, endpoints: ModelEndpoints | undefined): string[] {
  return ids.filter((id) => serves(id, protocol, endpoints));
}

/** The ids that can chat (chat completions, `openai`): every id when the gateway names no types. */
export function chatModels(ids: readonly string[], endpoints: ModelEndpoints | undefined): string[] {
  return modelsServing(ids, 'openai', endpoints);
}

/** True when `id` is listed for the Responses API and not for chat completions. */
export function servesResponsesOnly(id: string, endpoints: ModelEndpoints | undefined): boolean {
  const types = protocolsOf(id, endpoints);
  return types !== undefined && !types.includes('openai') && types.includes('openai-response');
}

/**
 * The ids VS Code's chat can use: those that serve chat completions and those that serve only the
 * Responses API (the chat provider speaks both). Every id when the gateway names no types.
 */
export function chatProviderModels(ids: readonly string[], endpoints: ModelEndpoints | undefined): string[] {
  return ids.filter((id) => serves(id, 'openai', endpoints) || servesResponsesOnly(id, endpoints));
}

/** A model that cannot chat, with what the gateway says it serves. */
interface OtherModel {
  id: string;
  serves: readonly string[];
}

/** The ids, in order, that the gateway lists for something other than chat completions. */
export function otherModels(ids: readonly string[], endpoints: ModelEndpoints | undefined): OtherModel[] {
  const out: OtherModel[] = [];
  for (const id of ids) {
    const types = protocolsOf(id, endpoints);
    if (types !== undefined && !types.includes('openai')) out.push({ id, serves: types });
  }
  return out;
}
