import { createCallerFactory, router } from "./init";
import { accountRouter } from "./routers/account";
import { apiKeyRouter } from "./routers/api-key";
import { auditRouter } from "./routers/audit";
import { billingRouter } from "./routers/billing";
import { dataExportRouter } from "./routers/data-export";
import { domainRouter } from "./routers/domain";
import { memberRouter } from "./routers/member";
import { notificationRouter } from "./routers/notification";
import { securityRouter } from "./routers/security";
import { tenantRouter } from "./routers/tenant";
import { usageRouter } from "./routers/usage";
import { ssoRouter } from "./routers/sso";
import { webhookRouter } from "./routers/webhook";
import { insightRouter } from "./routers/insight";

export const appRouter = router({
  tenant: tenantRouter,
  member: memberRouter,
  audit: auditRouter,
  billing: billingRouter,
  apiKey: apiKeyRouter,
  usage: usageRouter,
  domain: domainRouter,
  dataExport: dataExportRouter,
  security: securityRouter,
  sso: ssoRouter,
  notification: notificationRouter,
  webhook: webhookRouter,
  insight: insightRouter,
  account: accountRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
