import { readdirSync } from "node:fs";
import { afterAll, expect, it } from "vitest";
import { FAKE_S3_REGION, startFakeS3 } from "./fake-s3";

// The storage tests of logos, exports and the workspace purge, run again with S3_BUCKET set: the
// same assertions against an S3-compatible server (test/fake-s3.ts, SigV4 checked) instead of disk.
const s3 = await startFakeS3();
const BUCKET = "atrium-files";
s3.createBucket(BUCKET);
Object.assign(process.env, {
  S3_BUCKET: BUCKET,
  S3_ENDPOINT: s3.endpoint,
  S3_REGION: FAKE_S3_REGION,
  S3_ACCESS_KEY_ID: s3.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  S3_FORCE_PATH_STYLE: "true",
});

// Importing a test file registers its tests here, where they run against the bucket.
await import("../server/branding/logo.test");
await import("../server/exports/workspace-export.test");
await import("../server/tenants/delete-tenant.test");

it("every file went to the bucket, none to STORAGE_DIR", () => {
  const actions = new Set(s3.requests.map((r) => r.action));
  expect([...actions].sort()).toEqual(expect.arrayContaining(["DeleteObject", "GetObject", "ListObjectsV2", "PutObject"]));
  expect(s3.requests.some((r) => r.key.startsWith("logos/"))).toBe(true);
  expect(s3.requests.some((r) => r.key.startsWith("exports/"))).toBe(true);
  expect(readdirSync(process.env.STORAGE_DIR!, { recursive: true })).toEqual([]);
});

afterAll(() => s3.close());
