/** Sentences for the single sign-on audit events (components/audit/describe-event.ts asks here). */
export function describeSsoEvent(action: string, metadata: Record<string, unknown>): string | null {
  const m = (key: string) => String(metadata[key] ?? "");
  switch (action) {
    case "sso.connection_created":
      return `Set up single sign-on with ${m("issuer")} (new members join as ${m("defaultRole")})`;
    case "sso.connection_updated":
      return `Changed single sign-on: ${m("issuer")}, new members join as ${m("defaultRole")}${metadata.secretChanged ? ", new client secret" : ""}`;
    case "sso.connection_removed":
      return `Removed single sign-on with ${m("issuer")}`;
    case "sso.domain_added":
      return `Added the email domain ${m("domain")} for single sign-on`;
    case "sso.domain_verified":
      return `Verified the email domain ${m("domain")}`;
    case "sso.domain_removed":
      return `Removed the email domain ${m("domain")}`;
    case "sso.enforcement_enabled":
      return "Required single sign-on for everyone but the break-glass owner";
    case "sso.enforcement_disabled":
      return "Made single sign-on optional";
    case "sso.user_created":
      return `Created an account for ${m("email")} through single sign-on`;
    default:
      return null;
  }
}
