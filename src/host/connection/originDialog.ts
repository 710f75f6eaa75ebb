import { t } from '../../core/l10n';
import type { NotifyPort } from '../shared/ports';
import { joinShown, tShown, type ShownText } from '../shared/shown';
import { DEFAULT_ORIGIN, type OriginConfirm, type OriginRequest } from './keyGate';

/**
 * The origin gate's question (keyGate.ts), asked through `notify.modal`: a modal naming the origin,
 * the one the key was saved for (or, for a new key, the user's own) and where the Base URL comes
 * from. A host that only resembles RutaAPI's is called that, and "Don't Send" comes first (the
 * default button). True only on "Send Key to <origin>". The composition root hands it to the
 * Connection, which builds its KeyGate with it: there is no gate without its question.
 */
export function originDialog(notify: Required<Pick<NotifyPort, 'modal'>>): OriginConfirm {
  return async (r) => {
    const send = tShown('notification', 'Send Key to {0}', r.origin);
    let detail = detailFor(r);
    if (r.lookalike) {
      detail = joinShown(
        tShown(
          'notification',
          "Careful: {0} is not a RutaAPI address; its name only resembles RutaAPI's. RutaAPI's own server is {1}.",
          hostOf(r.origin),
          DEFAULT_ORIGIN,
        ),
        detail,
      );
    }
    const title = r.fromCursor
      ? tShown('notification', "Send Cursor's OpenAI API Key to {0}?", r.origin)
      : r.fromLink
        ? tShown('notification', 'Send the key from this link to {0}?', r.origin)
        : r.newKey
          ? tShown('notification', 'Send your new RutaAPI API key to {0}?', r.origin)
          : tShown('notification', 'Send your saved RutaAPI API key to {0}?', r.origin);
    // A look-alike, a link or Cursor's key: the safe answer is the first (default) button; Enter does not send the key.
    const dontSend = t("Don't Send");
    const a =
      r.lookalike || r.fromLink || r.fromCursor
        ? await notify.modal(title, detail, dontSend, send)
        : await notify.modal(title, detail, send);
    return a === send;
  };
}

/** What the modal says about where the key would go and why it is asked. */
function detailFor(r: OriginRequest): ShownText {
  const approved = r.approved.join(', ');
  if (r.fromCursor) {
    return tShown(
      'notification',
      "Cursor Settings → Models sends its OpenAI API Key to {0}, which is not RutaAPI's server. To check that key, RutaAPI Connect would send it from this computer to {1}. Nothing is saved, and your answer is kept until this window closes.",
      r.baseUrl,
      r.origin,
    );
  }
  if (r.fromLink) {
    return tShown(
      'notification',
      "A link (from a web page, such as a gateway dashboard) asks RutaAPI Connect to verify a key at {0}. The key in the link would be sent to {1}. Nothing is saved until you click Save. Send it only if you opened this link from your own gateway's dashboard.",
      r.baseUrl,
      r.origin,
    );
  }
  if (r.newKey) {
    return r.fromWorkspace
      ? tShown(
          'notification',
          "This workspace's settings (.vscode/settings.json) set the Base URL to {0}; your user settings use {1}. The key you enter would be sent to {2} to verify it, and saved for that server. Send it only if you chose that server yourself.",
          r.baseUrl,
          approved,
          r.origin,
        )
      : tShown(
          'notification',
          'The Base URL is {0}. The key you enter would be sent to {1} to verify it, and saved for that server.',
          r.baseUrl,
          r.origin,
        );
  }
  return r.fromWorkspace
    ? tShown(
        'notification',
        "Your saved RutaAPI API key was saved for {0}. This workspace's settings (.vscode/settings.json) set the Base URL to {1}, so the key would be sent to {2}. Send it only if you chose that server yourself. Your answer is remembered for this key.",
        approved,
        r.baseUrl,
        r.origin,
      )
    : tShown(
        'notification',
        'Your saved RutaAPI API key was saved for {0}. The Base URL setting now points to {1}, so the key would be sent to {2}. Send it only if you chose that server yourself. Your answer is remembered for this key.',
        approved,
        r.baseUrl,
        r.origin,
      );
}

/** The host of an origin, for a sentence ("api.example.com"); the origin itself if it does not parse. */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}
