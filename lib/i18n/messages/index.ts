import deAccount from "./de/account.json";
import deAuth from "./de/auth.json";
import deBilling from "./de/billing.json";
import deCommon from "./de/common.json";
import deDashboard from "./de/dashboard.json";
import deEmail from "./de/email.json";
import deMarketing from "./de/marketing.json";
import deWorkspace from "./de/workspace.json";
import enAccount from "./en/account.json";
import enAuth from "./en/auth.json";
import enBilling from "./en/billing.json";
import enCommon from "./en/common.json";
import enDashboard from "./en/dashboard.json";
import enEmail from "./en/email.json";
import enMarketing from "./en/marketing.json";
import enWorkspace from "./en/workspace.json";
import type { Locale } from "../locales";

// Messages are kept in one file per area (each holds namespaces: `{ "Billing": { … } }`), so the
// areas can be worked on apart. English is the source; its shape is the type every locale has.

export const AREAS = ["common", "marketing", "auth", "account", "dashboard", "billing", "workspace", "email"] as const;
export type Area = (typeof AREAS)[number];

const en = {
  common: enCommon,
  marketing: enMarketing,
  auth: enAuth,
  account: enAccount,
  dashboard: enDashboard,
  billing: enBilling,
  workspace: enWorkspace,
  email: enEmail,
};

export type AreaMessages = typeof en;
export type Messages = AreaMessages[Area] extends infer M ? UnionToIntersection<M> : never;
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

// German must have the same shape: a missing namespace is a type error here, a missing key a test failure.
const de: Record<Area, object> = {
  common: deCommon,
  marketing: deMarketing,
  auth: deAuth,
  account: deAccount,
  dashboard: deDashboard,
  billing: deBilling,
  workspace: deWorkspace,
  email: deEmail,
};

export const AREA_MESSAGES: Record<Locale, Record<Area, object>> = { en, de };

/** Every namespace of a locale, for the server. */
export function messagesFor(locale: Locale): Messages {
  return Object.assign({}, ...AREAS.map((area) => AREA_MESSAGES[locale][area])) as Messages;
}

export type Namespace = keyof Messages;

const everyNamespace: Partial<Record<Locale, Messages>> = {};

/** Some namespaces of a locale: what a page hands its client components (ClientMessages). */
export function namespaceMessages(locale: Locale, namespaces: readonly Namespace[]): Partial<Messages> {
  const all = (everyNamespace[locale] ??= messagesFor(locale));
  return Object.fromEntries(namespaces.map((name) => [name, all[name]])) as Partial<Messages>;
}

/** The namespaces of some areas only: what a part of the site hands its client components. */
export function areaMessages(locale: Locale, areas: readonly Area[]): Partial<Messages> {
  return Object.assign({}, ...areas.map((area) => AREA_MESSAGES[locale][area])) as Partial<Messages>;
}
