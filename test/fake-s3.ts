import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// A small S3-compatible server for tests: path-style buckets, PutObject, GetObject/HeadObject,
// DeleteObject, ListObjectsV2 (paged), and multipart uploads (create, upload part, complete with
// S3's 5 MiB minimum for every part but the last, abort). Every request must carry a valid AWS
// Signature Version 4 (header form) for the one access key it knows, with the payload hash
// checked against the body, as S3 does. Anything else answers 501, so a call the app starts to
// make that this server does not implement fails loudly instead of passing by accident.

export const FAKE_S3_REGION = "us-east-1";
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_CLOCK_SKEW_MS = 15 * 60_000;

type StoredObject = { body: Buffer; etag: string; contentType: string; lastModified: Date };
type Upload = { bucket: string; key: string; contentType: string; parts: Map<number, { body: Buffer; etag: string }> };
export type FakeS3Request = { method: string; bucket: string; key: string; action: string };

export type FakeS3 = {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Every authenticated request, in order. */
  requests: FakeS3Request[];
  createBucket(name: string): void;
  objectKeys(bucket: string): string[];
  object(bucket: string, key: string): StoredObject | undefined;
  /** Multipart uploads started and neither completed nor aborted. */
  openUploads(): number;
  close(): Promise<void>;
};

/** RFC 3986 encoding, as SigV4 wants it (everything but unreserved characters). */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const xmlEscape = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function parseQuery(raw: string): [string, string][] {
  if (!raw) return [];
  return raw.split("&").map((pair) => {
    const i = pair.indexOf("=");
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, "%20"));
    return i === -1 ? [decode(pair), ""] : [decode(pair.slice(0, i)), decode(pair.slice(i + 1))];
  });
}

/** Verifies the Authorization header (AWS4-HMAC-SHA256) and the payload hash; throws S3Error otherwise. */
function verifySignature(req: http.IncomingMessage, rawPath: string, query: [string, string][], body: Buffer, keys: { accessKeyId: string; secretAccessKey: string }) {
  const authorization = req.headers.authorization ?? "";
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) throw new S3Error(403, "AccessDenied", "Only AWS Signature Version 4 in the Authorization header is accepted.");
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== keys.accessKeyId) throw new S3Error(403, "InvalidAccessKeyId", "The access key does not exist.");
  if (region !== FAKE_S3_REGION || service !== "s3") throw new S3Error(400, "AuthorizationHeaderMalformed", `Wrong region or service in the credential scope: ${region}/${service}.`);
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!when || amzDate.slice(0, 8) !== date) throw new S3Error(403, "AccessDenied", "x-amz-date is missing or does not match the credential scope.");
  const at = Date.UTC(+when[1]!, +when[2]! - 1, +when[3]!, +when[4]!, +when[5]!, +when[6]!);
  if (Math.abs(Date.now() - at) > MAX_CLOCK_SKEW_MS) throw new S3Error(403, "RequestTimeTooSkewed", "The request time is too far from the server's.");
  const signedHeaders = signedHeaderList!.split(";");
  if (!signedHeaders.includes("host") || !signedHeaders.includes("x-amz-content-sha256")) throw new S3Error(403, "AccessDenied", "host and x-amz-content-sha256 must be signed.");

  const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
  if (payloadHash.startsWith("STREAMING-")) throw new S3Error(501, "NotImplemented", "Chunked (streaming) payload signing is not implemented here.");
  if (payloadHash !== "UNSIGNED-PAYLOAD") {
    if (!/^[0-9a-f]{64}$/.test(payloadHash)) throw new S3Error(400, "InvalidArgument", "x-amz-content-sha256 is not a SHA-256.");
    if (sha256(body) !== payloadHash) throw new S3Error(400, "XAmzContentSHA256Mismatch", "The body does not match x-amz-content-sha256.");
  }

  const canonicalQuery = query
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = req.headers[name];
      if (value === undefined) throw new S3Error(403, "AccessDenied", `Signed header ${name} is missing.`);
      return `${name}:${(Array.isArray(value) ? value.join(",") : value).trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const canonicalRequest = [req.method, rawPath, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, `${date}/${region}/${service}/aws4_request`, sha256(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, date!), region!), service!), "aws4_request");
  const expected = hmac(signingKey, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature!, "hex"))) throw new S3Error(403, "SignatureDoesNotMatch", "The request signature does not match.");
}

export async function startFakeS3(options: { pageSize?: number } = {}): Promise<FakeS3> {
  const keys = { accessKeyId: `AKIA${randomBytes(8).toString("hex").toUpperCase()}`, secretAccessKey: randomBytes(30).toString("base64") };
  const buckets = new Map<string, Map<string, StoredObject>>();
  const uploads = new Map<string, Upload>();
  const requests: FakeS3Request[] = [];
  const pageSize = options.pageSize ?? 1000;

  const bucketOrThrow = (name: string) => {
    const bucket = buckets.get(name);
    if (!bucket) throw new S3Error(404, "NoSuchBucket", "The bucket does not exist.");
    return bucket;
  };
  const uploadOrThrow = (id: string, bucket: string, key: string) => {
    const upload = uploads.get(id);
    if (!upload || upload.bucket !== bucket || upload.key !== key) throw new S3Error(404, "NoSuchUpload", "The upload does not exist.");
    return upload;
  };
  const xml = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  };

  function handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q === -1 ? url : url.slice(0, q);
    const query = parseQuery(q === -1 ? "" : url.slice(q + 1));
    verifySignature(req, rawPath, query, body, keys);
    const params = new Map(query);
    // The AWS SDK names the operation in the query (`x-id=GetObject`); S3 ignores it.
    params.delete("x-id");
    const [bucketName = "", ...keyParts] = rawPath.slice(1).split("/");
    const bucketId = decodeURIComponent(bucketName);
    const key = keyParts.map((p) => decodeURIComponent(p)).join("/");
    const method = req.method ?? "GET";
    const record = (action: string) => requests.push({ method, bucket: bucketId, key, action });
    const bucket = bucketOrThrow(bucketId);

    if (!key) {
      if (method === "GET" && params.get("list-type") === "2") {
        record("ListObjectsV2");
        const prefix = params.get("prefix") ?? "";
        const after = params.get("continuation-token") ?? params.get("start-after") ?? "";
        const max = Math.min(Number(params.get("max-keys") ?? 1000), pageSize);
        const matching = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
        const page = matching.slice(0, max);
        const truncated = matching.length > page.length;
        const encode = params.get("encoding-type") === "url" ? uriEncode : (s: string) => s;
        const contents = page
          .map((k) => {
            const o = bucket.get(k)!;
            return `<Contents><Key>${xmlEscape(encode(k))}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join("");
        const next = truncated ? `<NextContinuationToken>${xmlEscape(page.at(-1)!)}</NextContinuationToken>` : "";
        return xml(res, 200, `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketId)}</Name><Prefix>${xmlEscape(encode(prefix))}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`);
      }
      throw new S3Error(501, "NotImplemented", `${method} on a bucket is not implemented here.`);
    }

    const uploadId = params.get("uploadId");
    if (method === "POST" && params.has("uploads")) {
      record("CreateMultipartUpload");
      const id = randomBytes(16).toString("hex");
      uploads.set(id, { bucket: bucketId, key, contentType: String(req.headers["content-type"] ?? "binary/octet-stream"), parts: new Map() });
      return xml(res, 200, `<InitiateMultipartUploadResult><Bucket>${xmlEscape(bucketId)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
    }
    if (method === "PUT" && uploadId) {
      record("UploadPart");
      const upload = uploadOrThrow(uploadId, bucketId, key);
      const partNumber = Number(params.get("partNumber"));
      if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) throw new S3Error(400, "InvalidArgument", "partNumber must be 1 to 10000.");
      const etag = `"${createHash("md5").update(body).digest("hex")}"`;
      upload.parts.set(partNumber, { body, etag });
      res.writeHead(200, { etag });
      return res.end();
    }
    if (method === "POST" && uploadId) {
      record("CompleteMultipartUpload");
      const upload = uploadOrThrow(uploadId, bucketId, key);
      const listed = [...body.toString().matchAll(/<Part>[\s\S]*?<\/Part>/g)].map(([part]) => ({
        number: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(part)?.[1]),
        etag: (/<ETag>([^<]+)<\/ETag>/.exec(part)?.[1] ?? "").replace(/&quot;/g, '"'),
      }));
      if (!listed.length) throw new S3Error(400, "MalformedXML", "No parts listed.");
      const chunks: Buffer[] = [];
      listed.forEach(({ number, etag }, i) => {
        const part = upload.parts.get(number);
        if (!part || part.etag !== etag) throw new S3Error(400, "InvalidPart", `Part ${number} was not uploaded or its ETag differs.`);
        if (i > 0 && number <= listed[i - 1]!.number) throw new S3Error(400, "InvalidPartOrder", "Parts must be listed in ascending order.");
        if (i < listed.length - 1 && part.body.length < MIN_PART_BYTES) throw new S3Error(400, "EntityTooSmall", `Part ${number} is smaller than 5 MiB.`);
        chunks.push(part.body);
      });
      const whole = Buffer.concat(chunks);
      const etag = `"${createHash("md5").update(whole).digest("hex")}-${listed.length}"`;
      bucket.set(key, { body: whole, etag, contentType: upload.contentType, lastModified: new Date() });
      uploads.delete(uploadId);
      return xml(res, 200, `<CompleteMultipartUploadResult><Bucket>${xmlEscape(bucketId)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(etag)}</ETag></CompleteMultipartUploadResult>`);
    }
    if (method === "DELETE" && uploadId) {
      record("AbortMultipartUpload");
      uploadOrThrow(uploadId, bucketId, key);
      uploads.delete(uploadId);
      res.writeHead(204);
      return res.end();
    }
    if (method === "PUT" && !params.size) {
      if (req.headers["x-amz-copy-source"]) throw new S3Error(501, "NotImplemented", "CopyObject is not implemented here.");
      record("PutObject");
      const etag = `"${createHash("md5").update(body).digest("hex")}"`;
      bucket.set(key, { body, etag, contentType: String(req.headers["content-type"] ?? "binary/octet-stream"), lastModified: new Date() });
      res.writeHead(200, { etag });
      return res.end();
    }
    if ((method === "GET" || method === "HEAD") && !params.size) {
      record(method === "GET" ? "GetObject" : "HeadObject");
      const object = bucket.get(key);
      if (!object) {
        if (method === "HEAD") {
          res.writeHead(404);
          return res.end();
        }
        throw new S3Error(404, "NoSuchKey", "The specified key does not exist.");
      }
      res.writeHead(200, { "content-type": object.contentType, "content-length": object.body.length, etag: object.etag, "last-modified": object.lastModified.toUTCString() });
      return res.end(method === "GET" ? object.body : undefined);
    }
    if (method === "DELETE" && !params.size) {
      record("DeleteObject");
      bucket.delete(key);
      res.writeHead(204);
      return res.end();
    }
    throw new S3Error(501, "NotImplemented", `${method} ${[...params.keys()].join(",")} is not implemented here.`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        handle(req, Buffer.concat(chunks), res);
      } catch (error) {
        const e = error instanceof S3Error ? error : new S3Error(500, "InternalError", String(error));
        xml(res, e.status, `<Error><Code>${e.code}</Code><Message>${xmlEscape(e.message)}</Message><RequestId>${randomBytes(8).toString("hex")}</RequestId></Error>`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...keys,
    requests,
    createBucket: (name) => void buckets.set(name, buckets.get(name) ?? new Map()),
    objectKeys: (bucket) => [...(buckets.get(bucket)?.keys() ?? [])].sort(),
    object: (bucket, key) => buckets.get(bucket)?.get(key),
    openUploads: () => uploads.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
