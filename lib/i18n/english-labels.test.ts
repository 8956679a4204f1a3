import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { rootErrorWords } from "@/components/errors/root-error-words";
import { OUTDATED_PAGE, UNREACHABLE } from "@/components/trpc/unreachable";
import { SCOPE_LABELS } from "../api-scopes";
import { TAX_ID_TYPES } from "../billing-details";
import { NOTIFICATION_CATEGORY_LABELS } from "../notification-categories";
import { STEP_LABELS } from "../onboarding-steps";
import { ROLE_LABELS } from "../permissions";
import { CURRENCY_LABELS, FEATURE_LABELS, LIMIT_LABELS, PLANS, USAGE_METRICS } from "../plans";
import { SLUG_PROBLEM_MESSAGES } from "../slug";
import { SSO_ERROR_MESSAGES } from "../sso-errors";
import { THEME_LABELS } from "../theme";
import enAccount from "./messages/en/account.json";
import enAuth from "./messages/en/auth.json";
import enBilling from "./messages/en/billing.json";
import enCommon from "./messages/en/common.json";
import deCommon from "./messages/de/common.json";
import enDashboard from "./messages/en/dashboard.json";
import enWorkspace from "./messages/en/workspace.json";

// The English label tables in lib/ are what the server, the API and the operator console say; the
// English messages are what the translated pages say. They must say the same thing. lib keeps its
// own literals on purpose: importing a message file into these isomorphic modules put whole message
// files into the client bundles (measured: +2 kB gzip on the landing page, +8 kB on Usage), so this
// test, which ships nowhere, is what keeps the two in step.

const mapValues = <T extends Record<string, unknown>, R>(table: T, pick: (value: T[keyof T], key: string) => R) =>
  Object.fromEntries(Object.entries(table).map(([key, value]) => [key, pick(value as T[keyof T], key)]));

describe("English labels in lib/ match the English messages", () => {
  it("roles, onboarding steps and notification categories", () => {
    expect(ROLE_LABELS).toEqual(enDashboard.Dashboard.role);
    expect(STEP_LABELS).toEqual(enDashboard.DashboardOnboarding.step);
    expect(NOTIFICATION_CATEGORY_LABELS).toEqual(enAccount.AccountNotifications.category);
  });

  it("plans: features, limits, taglines, currencies and usage metrics", () => {
    expect(FEATURE_LABELS).toEqual(enCommon.Plans.feature);
    expect(LIMIT_LABELS).toEqual(enCommon.Plans.limit);
    const taglines = enCommon.Plans.tagline as Record<string, string>;
    for (const [id, plan] of Object.entries(PLANS)) expect(plan.tagline, id).toBe(taglines[id]);
    expect(CURRENCY_LABELS).toEqual(enBilling.Billing.currency.name);
    expect(mapValues(USAGE_METRICS, (metric) => metric.label)).toEqual(enBilling.BillingUsage.metric);
  });

  it("API scopes, tax ID types, slug problems, SSO errors and themes", () => {
    const scopes = enWorkspace.WorkspaceApiKeys.create.scope;
    expect(SCOPE_LABELS).toEqual({ "usage:write": scopes.usageWrite, "usage:read": scopes.usageRead, "tenant:read": scopes.tenantRead, "events:read": scopes.eventsRead });
    expect(mapValues(TAX_ID_TYPES, (type) => type.label)).toEqual(enBilling.Billing.details.taxIdTypes);
    // The messages also hold "taken", which is the server's own answer, not a slug problem.
    const slugProblems = enAccount.AccountNewWorkspace.slugProblem as Record<string, string>;
    expect(SLUG_PROBLEM_MESSAGES).toEqual(mapValues(SLUG_PROBLEM_MESSAGES, (_, key) => slugProblems[key]));
    expect(SSO_ERROR_MESSAGES).toEqual(enAuth.AuthSso.error);
    expect(THEME_LABELS).toEqual({ system: enCommon.Common.themeSystem, light: enCommon.Common.themeLight, dark: enCommon.Common.themeDark });
  });

  it("the sentences the browser writes itself when a call gets no answer (components/i18n/server-text.tsx shows them from Common)", () => {
    expect(UNREACHABLE.message).toBe(enCommon.Common.unreachable);
    expect(OUTDATED_PAGE.message).toBe(enCommon.Common.outdatedPage);
  });

  it("the root error screen's words (app/global-error.tsx, which cannot load the messages)", () => {
    for (const [locale, messages] of [["en", enCommon], ["de", deCommon]] as const) {
      const t = createTranslator({ locale, messages, namespace: "Status" });
      for (const digest of ["4180273745", undefined]) {
        expect(rootErrorWords(locale, digest), `${locale} ${digest}`).toEqual({
          error: t("error"),
          unavailableTitle: t("unavailableTitle"),
          errorTitle: t("errorTitle"),
          unavailableBody: t("unavailableBody"),
          errorBody: t("errorBody", { digest: digest ?? "none" }),
          tryAgain: t("tryAgain"),
        });
      }
    }
  });
});
