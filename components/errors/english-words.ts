import type { ErrorWords } from "./error-screen";

/**
 * The English Status messages (lib/i18n/messages/en/common.json), written out: outside the root
 * layout there is no request's language or message provider, and importing the message file would
 * put all of common.json into every page's first load. lib/i18n/english-labels.test.ts keeps them equal.
 */
export function englishErrorWords(digest: string | undefined): ErrorWords {
  return {
    error: "Error",
    unavailableTitle: "Temporarily unavailable",
    errorTitle: "Something went wrong",
    unavailableBody: "Atrium cannot reach its database right now. Your data is safe; this page reloads by itself as soon as the service is back.",
    errorBody: `We could not load this page. Please try again; if it keeps happening, contact support${digest ? ` and mention reference ${digest}` : ""}.`,
    tryAgain: "Try again",
  };
}
