/** The sandbox's model objects and lists (OpenAI's /v1/models shape). */
import { MODELS_100K, SANDBOX_MODELS, SANDBOX_MODEL_TYPES, manyModelIds, type SandboxScenario } from './models';
import { isNewApiScenario, newApiModels } from './newApi';

const CREATED = 1_715_000_000;

/** OpenAI's model object; new-api's adds `supported_endpoint_types` (`withTypes`). */
export function modelObject(id: string, withTypes = false): Record<string, unknown> {
  const model = { id, object: 'model', created: CREATED, owned_by: 'rutaapi-sandbox' };
  const types = SANDBOX_MODEL_TYPES[id];
  return withTypes && types ? { ...model, supported_endpoint_types: [...types] } : model;
}

function modelsList(ids: readonly string[], withTypes = false): string {
  return JSON.stringify({ object: 'list', data: ids.map((id) => modelObject(id, withTypes)) });
}

/** Each scenario's model ids and /v1/models body; the 100,000 ids and their body (about 10 MB) built on first use and kept. */
export function modelCatalogue(): {
  modelsFor(scenario: SandboxScenario): readonly string[];
  modelsBody(scenario: SandboxScenario): string;
} {
  let ids100k: string[] | undefined;
  let body100k: string | undefined;
  const modelsFor = (scenario: SandboxScenario): readonly string[] => {
    if (isNewApiScenario(scenario)) return newApiModels(scenario);
    if (scenario === 'empty') return [];
    if (scenario === 'many') return manyModelIds();
    if (scenario === 'models100k') return (ids100k ??= manyModelIds(MODELS_100K));
    return SANDBOX_MODELS;
  };
  return {
    modelsFor,
    modelsBody: (scenario) =>
      scenario === 'models100k'
        ? (body100k ??= modelsList(modelsFor(scenario)))
        : modelsList(modelsFor(scenario), isNewApiScenario(scenario)),
  };
}
