import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { AREA_MESSAGES, type AreaMessages } from "@/lib/i18n/messages";

// A plain function, not a hook (components/audit/describe-event.ts calls it per event, tests too),
// so it makes its own translator from the workspace messages, one per language.
const translators = new Map<Locale, ReturnType<typeof translatorFor>>();

function translatorFor(locale: Locale) {
  const messages = AREA_MESSAGES[locale].workspace as AreaMessages["workspace"];
  return createTranslator({ locale, messages, namespace: "WorkspaceSsoEvents" });
}

function translatorIn(locale: Locale) {
  let found = translators.get(locale);
  if (!found) {
    found = translatorFor(locale);
    translators.set(locale, found);
  }
  return found;
}

const ROLES = ["admin", "billing", "member"] as const;

/** Sentences for the single sign-on audit events (components/audit/describe-event.ts asks here), in a language (English when none is given). */
export function describeSsoEvent(action: string, metadata: Record<string, unknown>, locale: Locale = DEFAULT_LOCALE): string | null {
  const t = translatorIn(locale);
  const m = (key: string) => String(metadata[key] ?? "");
  const role = () => {
    const value = m("defaultRole");
    return (ROLES as readonly string[]).includes(value) ? t(`role.${value as (typeof ROLES)[number]}`) : value;
  };
  switch (action) {
    case "sso.connection_created":
      return t("connectionCreated", { issuer: m("issuer"), role: role() });
    case "sso.connection_updated":
      return t(metadata.secretChanged ? "connectionUpdatedSecret" : "connectionUpdated", { issuer: m("issuer"), role: role() });
    case "sso.connection_removed":
      return t("connectionRemoved", { issuer: m("issuer") });
    case "sso.domain_added":
      return t("domainAdded", { domain: m("domain") });
    case "sso.domain_verified":
      return t("domainVerified", { domain: m("domain") });
    case "sso.domain_unverified":
      return t("domainUnverified", { domain: m("domain") });
    case "sso.domain_removed":
      return t("domainRemoved", { domain: m("domain") });
    case "sso.enforcement_enabled":
      return t("enforcementEnabled");
    case "sso.enforcement_disabled":
      return t("enforcementDisabled");
    case "sso.user_created":
      return t("userCreated", { email: m("email") });
    default:
      return null;
  }
}
