import { describe, expect, it } from "vitest";
import { makeTenant, TEST_META } from "../../test/factories";
import { createApiKey } from "../api-keys/manage-api-keys";
import { updateBranding } from "../branding/branding";
import { ingestUsage } from "../usage/ingest-usage";
import { getOnboardingChecklistFor } from "./onboarding-checklist";

describe("getting-started checklist", () => {
  it("ticks items off as the workspace gets them", async () => {
    const t = await makeTenant();
    const done = async () => Object.fromEntries((await getOnboardingChecklistFor(t.tenant.id)).map((i) => [i.id, i.done]));
    expect(await done()).toEqual({ branding: false, team: false, plan: false, "api-key": false });
    await updateBranding({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, brandColor: "#0f766e", publicDescription: null });
    await createApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, name: "k", scopes: ["usage:read"], expiresInDays: null });
    // A key alone is not "sent your first event".
    expect(await done()).toEqual({ branding: true, team: false, plan: false, "api-key": false });
    await ingestUsage({ tenantId: t.tenant.id, events: [{ metric: "units", quantity: 1, idempotencyKey: "first" }] });
    expect(await done()).toEqual({ branding: true, team: false, plan: false, "api-key": true });
  });
});
