"use client";

import { useMessages, useTranslations } from "next-intl";
import { PROMPT_ENGLISH, type PromptKey } from "./ceremony-error";

/**
 * The passkey prompts' words in the page's language; in English where the page does not hand
 * its client components the account messages (the marketing sign-in page), rather than a key.
 */
export function usePromptWords(): (key: PromptKey) => string {
  const t = useTranslations("AccountPasskeyPrompt");
  const provided = "AccountPasskeyPrompt" in useMessages();
  return (key) => (provided ? t(key) : PROMPT_ENGLISH[key]);
}
