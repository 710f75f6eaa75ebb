/**
 * The JSON of Cursor's `…persistentStorage.applicationUser` row, checked before it is believed:
 * the fields the Cursor check reads, with the types Cursor writes. Anything else (not an object,
 * a field of another type, none of the known fields at all) is a shape this version does not
 * know, and the check says so instead of guessing.
 */
import * as z from 'zod/mini';

const MAX_MODELS = 1000;
const modelIds = z.array(z.string().check(z.maxLength(500))).check(z.maxLength(MAX_MODELS));

const ApplicationUser = z.looseObject({
  openAIBaseUrl: z.optional(z.nullable(z.string().check(z.maxLength(8192)))),
  useOpenAIKey: z.optional(z.nullable(z.boolean())),
  aiSettings: z.optional(
    z.looseObject({
      userAddedModels: z.optional(z.nullable(modelIds)),
      modelOverrideEnabled: z.optional(z.nullable(modelIds)),
    }),
  ),
});

interface ApplicationUserFields {
  baseUrl: string | undefined;
  useOpenAIKey: boolean | undefined;
  models: string[];
  enabledModels: string[];
}

/** The fields, or undefined for a shape this version does not know. */
export function readApplicationUser(json: string): ApplicationUserFields | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = ApplicationUser.safeParse(value);
  if (!parsed.success) return undefined;
  const v = parsed.data;
  if (v.openAIBaseUrl === undefined && v.useOpenAIKey === undefined && v.aiSettings === undefined) return undefined;
  return {
    baseUrl: v.openAIBaseUrl ?? undefined,
    useOpenAIKey: v.useOpenAIKey ?? undefined,
    models: [...(v.aiSettings?.userAddedModels ?? [])],
    enabledModels: [...(v.aiSettings?.modelOverrideEnabled ?? [])],
  };
}
