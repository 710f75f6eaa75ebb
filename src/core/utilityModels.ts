/**
 * Which RutaAPI models to offer for the editor's utility-model settings (VS Code 1.121+: chat titles, progress
 * messages, commit messages). Without a GitHub sign-in those features stay off until `chat.utilityModel` and the small
 * slot (`chat.utilitySmallModel`; named `chat.utilityModelSmall` in some builds) name a bring-your-own-key model. Pure.
 */

/**
 * Small, cheap models by name, best first: OpenAI's mini/nano, Google's flash(-lite), Anthropic's haiku, then the
 * generic small/lite/tiny and small open-weight sizes. Matched as whole words of the id (split on - _ . / : and spaces).
 */
const SMALL_NAME_WORDS: readonly (readonly string[])[] = [
  ['mini', 'nano'],
  ['flash', 'haiku'],
  ['small', 'lite', 'tiny', 'turbo'],
  ['1b', '3b', '7b', '8b'],
];

/** The small slot's pick: the first listed id whose name says it is small (the list's order breaks ties), else none. */
export function pickSmallModel(ids: readonly string[]): string | undefined {
  const words = ids.map((id) => id.toLowerCase().split(/[-_./:\s]+/));
  for (const tier of SMALL_NAME_WORDS) {
    const i = words.findIndex((w) => w.some((x) => tier.includes(x)));
    if (i >= 0) return ids[i];
  }
  return undefined;
}

/** The editor's value for a model of a language-model vendor: `<vendor>/<model id>` (VS Code's "vendorAndId" form). */
export function utilityModelValue(vendor: string, id: string): string {
  return `${vendor}/${id}`;
}

export interface UtilitySlot {
  /** The setting's full key, e.g. `chat.utilityModel`. */
  key: string;
  /** The small, cheap slot. */
  small: boolean;
}

/**
 * What to offer: each slot the editor has and the user left unset, with its model: the saved model for the main slot,
 * the small pick (else the saved model) for the small one. Nothing when no slot is free or no model is known.
 */
export function planUtilityModels(o: {
  vendor: string;
  savedModel: string;
  ids: readonly string[];
  freeSlots: readonly UtilitySlot[];
}): { key: string; value: string; model: string }[] {
  if (!o.savedModel || o.freeSlots.length === 0) return [];
  const small = pickSmallModel(o.ids) ?? o.savedModel;
  return o.freeSlots.map((slot) => {
    const model = slot.small ? small : o.savedModel;
    return { key: slot.key, value: utilityModelValue(o.vendor, model), model };
  });
}
