import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PART_BYTES, s3Store, type S3Config } from "../server/storage/s3-store";
import { FAKE_S3_REGION, startFakeS3, type FakeS3 } from "./fake-s3";

// The S3 backend against a real HTTP server that speaks S3 and checks every SigV4 signature and
// payload hash (test/fake-s3.ts); it lists two keys per page so paging is exercised.

let s3: FakeS3;
let config: S3Config;
const BUCKET = "atrium-test";

beforeAll(async () => {
  s3 = await startFakeS3({ pageSize: 2 });
  s3.createBucket(BUCKET);
  config = { S3_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, S3_REGION: FAKE_S3_REGION, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: true };
});
afterAll(() => s3.close());

const actionsSince = (start: number) => s3.requests.slice(start).map((r) => r.action);

describe("S3 object store", () => {
  it("puts, gets and deletes an object; a missing one is null", async () => {
    const store = s3Store(config);
    await store.put("logos/t1/a.svg", "<svg/>");
    expect(s3.object(BUCKET, "logos/t1/a.svg")).toMatchObject({ contentType: "image/svg+xml" });
    expect((await store.get("logos/t1/a.svg"))?.toString()).toBe("<svg/>");
    await store.delete("logos/t1/a.svg");
    expect(await store.get("logos/t1/a.svg")).toBeNull();
    expect(await store.openStream("logos/t1/a.svg")).toBeNull();
    // Deleting what is not there is not an error (as on disk).
    await store.delete("logos/t1/a.svg");
  });

  it("deletePrefix removes every object under the prefix across pages, and nothing else", async () => {
    const store = s3Store(config);
    for (let i = 0; i < 5; i++) await store.put(`exports/t2/${i}.json`, `{"i":${i}}`);
    await store.put("exports/t2x/keep.json", "{}");
    await store.put("exports/t3/keep.json", "{}");
    const start = s3.requests.length;
    await store.deletePrefix("exports/t2");
    expect(s3.objectKeys(BUCKET).filter((k) => k.startsWith("exports/"))).toEqual(["exports/t2x/keep.json", "exports/t3/keep.json"]);
    expect(actionsSince(start).filter((a) => a === "ListObjectsV2")).toHaveLength(3);
  });

  it("a small object written piece by piece is one upload, visible only after commit", async () => {
    const store = s3Store(config);
    const writer = await store.createWriter("exports/t4/small.json");
    await writer.write('{"a":');
    await writer.write("1}");
    expect(await store.get("exports/t4/small.json")).toBeNull();
    const start = s3.requests.length;
    expect(await writer.commit()).toBe(7);
    expect(actionsSince(start)).toEqual(["PutObject"]);
    expect(s3.object(BUCKET, "exports/t4/small.json")).toMatchObject({ contentType: "application/json" });
    const opened = await store.openStream("exports/t4/small.json");
    expect(opened?.size).toBe(7);
    expect(await new Response(opened!.stream).text()).toBe('{"a":1}');
  });

  it("a large object goes up in parts while it is written, never whole in memory, and streams back", async () => {
    const store = s3Store(config);
    const writer = await store.createWriter("exports/t5/large.json");
    const piece = randomBytes(256 * 1024).toString("hex"); // 512 KiB of text
    const pieces = Math.ceil((2.5 * PART_BYTES) / piece.length);
    const start = s3.requests.length;
    for (let i = 0; i < pieces; i++) await writer.write(piece);
    // Two full parts are already uploaded before commit; what is buffered is less than one part.
    expect(actionsSince(start)).toEqual(["CreateMultipartUpload", "UploadPart", "UploadPart"]);
    expect(await store.get("exports/t5/large.json")).toBeNull();
    const committing = s3.requests.length;
    const size = await writer.commit();
    expect(size).toBe(pieces * piece.length);
    expect(actionsSince(committing)).toEqual(["UploadPart", "CompleteMultipartUpload"]);

    const opened = await store.openStream("exports/t5/large.json");
    expect(opened?.size).toBe(size);
    let received = 0;
    let chunks = 0;
    let sample = "";
    for await (const chunk of opened!.stream as unknown as AsyncIterable<Uint8Array>) {
      if (chunks++ === 0) sample = Buffer.from(chunk).subarray(0, 64).toString();
      received += chunk.length;
    }
    expect(received).toBe(size);
    expect(chunks).toBeGreaterThan(1);
    expect(sample).toBe(piece.slice(0, 64));
    expect(s3.openUploads()).toBe(0);
  });

  it("an aborted writer leaves no object and no open upload", async () => {
    const store = s3Store(config);
    const writer = await store.createWriter("exports/t6/failed.json");
    const piece = "x".repeat(1024 * 1024);
    const open = s3.openUploads();
    for (let i = 0; i < 9; i++) await writer.write(piece);
    expect(s3.openUploads()).toBe(open + 1);
    await writer.abort();
    expect(s3.openUploads()).toBe(open);
    expect(await store.get("exports/t6/failed.json")).toBeNull();
  });

  it("is refused with a wrong secret (the server checks signatures), and both credentials or neither", async () => {
    const store = s3Store({ ...config, S3_SECRET_ACCESS_KEY: "not-the-secret" });
    await expect(store.put("logos/t7/a.png", "x")).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    expect(() => s3Store({ ...config, S3_SECRET_ACCESS_KEY: undefined })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
  });
});
