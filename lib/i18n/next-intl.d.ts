import type { Locale } from "./locales";
import type { Messages } from "./messages";

// Typed keys: `t("Billing.title")` with a key English lacks is a compile error.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
