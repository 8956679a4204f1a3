import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { makeUser } from "./factories";

// Housekeeping jobs that had no test of their own: rate-limit buckets, one-time tokens and hand-offs.

const { pruneRateLimitBuckets } = await import("../server/rate-limit/prune-rate-limit-buckets");
const { pruneOneTimeTokens } = await import("../server/auth/prune-one-time-tokens");

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 2, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

describe("pruning rate-limit buckets", () => {
  it("deletes buckets that hold back nobody, keeps the others, and never waits for a bucket in use", async () => {
    await admin`insert into rate_limit_buckets (key, tat) values
      ('hk:spent-long-ago', now() - interval '1 day'), ('hk:just-spent', now() - interval '1 second'),
      ('hk:holding-back', now() + interval '1 hour'), ('hk:in-use', now() - interval '1 minute')`;
    // A request holds one expired bucket's row lock while the pruning runs.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = admin.begin(async (tx) => {
      await tx`select 1 from rate_limit_buckets where key = 'hk:in-use' for update`;
      locked();
      await held;
    });
    await isLocked;
    const started = Date.now();
    expect(await pruneRateLimitBuckets()).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeLessThan(2_000);
    release();
    await holder;
    const left = (await admin<{ key: string }[]>`select key from rate_limit_buckets where key like 'hk:%' order by key`).map((r) => r.key);
    expect(left).toEqual(["hk:holding-back", "hk:in-use"]);
    expect(await pruneRateLimitBuckets()).toBeGreaterThanOrEqual(1);
    expect((await admin`select key from rate_limit_buckets where key like 'hk:%'`).map((r) => r.key)).toEqual(["hk:holding-back"]);
  });
});

describe("pruning one-time tokens and hand-offs", () => {
  it("deletes tokens a day after expiry and hand-offs an hour after; live ones stay", async () => {
    const user = await makeUser();
    await admin`insert into auth_tokens (token_hash, purpose, user_id, expires_at) values
      (${`hk-old-${user.id}`}, 'password_reset', ${user.id}, now() - interval '2 days'),
      (${`hk-recent-${user.id}`}, 'password_reset', ${user.id}, now() - interval '1 hour'),
      (${`hk-live-${user.id}`}, 'password_reset', ${user.id}, now() + interval '1 hour')`;
    await admin`insert into auth_handoffs (token_hash, user_id, target_host, expires_at) values
      (${`hk-old-${user.id}`}, ${user.id}, 'acme.localhost:3000', now() - interval '2 hours'),
      (${`hk-live-${user.id}`}, ${user.id}, 'acme.localhost:3000', now() + interval '1 minute')`;
    expect(await pruneOneTimeTokens()).toEqual({ tokens: 1, handoffs: 1 });
    expect((await admin`select token_hash from auth_tokens where user_id = ${user.id} order by token_hash`).map((r) => r.token_hash)).toEqual([`hk-live-${user.id}`, `hk-recent-${user.id}`]);
    expect((await admin`select token_hash from auth_handoffs where user_id = ${user.id}`).map((r) => r.token_hash)).toEqual([`hk-live-${user.id}`]);
  });
});
