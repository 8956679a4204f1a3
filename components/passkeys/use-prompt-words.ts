"use client";

import { useTranslations } from "next-intl";
import type { PromptKey } from "./ceremony-error";

/** The passkey prompts' words in the page's language (every page with a passkey prompt hands its client components the account messages). */
export function usePromptWords(): (key: PromptKey) => string {
  const t = useTranslations("AccountPasskeyPrompt");
  return (key) => t(key);
}
