import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appRouter, createCaller } from "../server/trpc/root";
import type { Context } from "../server/trpc/context";
import { contextFor, makeTenant, makeUser } from "./factories";

// Generated from the router: a procedure added tomorrow is covered without touching this file.
// Only the procedures listed here may answer anything but NOT_FOUND to someone who is not a
// member of the workspace the host names; each says why.
const NOT_WORKSPACE_SCOPED: Record<string, string> = {
  "billing.plans": "the public price list",
  "tenant.mine": "the caller's own workspaces, read through atrium_user_workspaces",
  "tenant.checkSlug": "whether an address is free, for the create form",
  "tenant.create": "creates a new workspace owned by the caller",
  "tenant.switchTo": "hand-off into a workspace the caller belongs to (checked inside)",
};

const PROCEDURES = Object.keys(appRouter._def.procedures).sort();
const WORKSPACE_SCOPED = PROCEDURES.filter((path) => !(path in NOT_WORKSPACE_SCOPED));

async function call(ctx: Context, path: string): Promise<string> {
  const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const [router, procedure] = path.split(".") as [string, string];
  try {
    // No input at all: the membership check runs before input validation, so a stranger learns
    // nothing, not even which inputs are valid.
    await caller[router]![procedure]!(undefined);
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `THREW ${String(error)}`;
  }
}

describe("every workspace procedure of the router", () => {
  it("is enumerated (the list is not empty and the exceptions exist)", () => {
    expect(WORKSPACE_SCOPED.length).toBeGreaterThan(30);
    for (const path of Object.keys(NOT_WORKSPACE_SCOPED)) expect(PROCEDURES).toContain(path);
  });

  it("answers NOT_FOUND to a signed-in stranger and to a member of another workspace, and UNAUTHORIZED when signed out", async () => {
    const victim = await makeTenant();
    const stranger = await makeUser();
    const neighbour = await makeTenant();
    const results: Record<string, string[]> = {};
    for (const path of WORKSPACE_SCOPED) {
      results[path] = [
        await call(contextFor({ user: stranger, tenant: victim.tenant }), path),
        await call(contextFor({ user: neighbour.owner, tenant: victim.tenant }), path),
        await call(contextFor({ user: null, tenant: victim.tenant }), path),
      ];
    }
    const expected = Object.fromEntries(WORKSPACE_SCOPED.map((path) => [path, ["NOT_FOUND", "NOT_FOUND", "UNAUTHORIZED"]]));
    expect(results).toEqual(expected);
  });
});
