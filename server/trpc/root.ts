import { createCallerFactory, router } from "./init";
import { auditRouter } from "./routers/audit";
import { billingRouter } from "./routers/billing";
import { memberRouter } from "./routers/member";
import { tenantRouter } from "./routers/tenant";

export const appRouter = router({
  tenant: tenantRouter,
  member: memberRouter,
  audit: auditRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
