import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import type { ObjectStore } from "./storage";

// Objects in an S3-compatible bucket (AWS S3, MinIO, R2, Ceph ...), streamed both ways: a large
// object is written as a multipart upload, one part in memory at a time, and only appears when
// it is completed; a download is the response body itself, never buffered.

export type S3Config = {
  S3_BUCKET?: string;
  S3_ENDPOINT?: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_FORCE_PATH_STYLE: boolean;
};

/** Bytes per multipart part: S3 wants at least 5 MiB for every part but the last. */
export const PART_BYTES = 8 * 1024 * 1024;
const DELETE_CONCURRENCY = 8;

const CONTENT_TYPES: Record<string, string> = { json: "application/json", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", svg: "image/svg+xml" };
const contentTypeOf = (key: string) => CONTENT_TYPES[key.slice(key.lastIndexOf(".") + 1)] ?? "application/octet-stream";

function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404);
}

export function s3Store(config: S3Config): ObjectStore {
  const bucket = config.S3_BUCKET;
  if (!bucket) throw new Error("S3_BUCKET is not set.");
  if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY) {
    throw new Error("Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the AWS SDK's default credentials).");
  }
  const client = new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: config.S3_ACCESS_KEY_ID ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY! } : undefined,
    // The SDK's default CRC checksums on every upload (and aws-chunked bodies) are refused or
    // mishandled by several S3-compatible servers; the SigV4 payload hash already covers each body.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });

  const deleteKeys = async (keys: string[]) => {
    for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
      // One DeleteObject per key: DeleteObjects needs a checksum header that not every S3-compatible server takes.
      await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map((Key) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key }))));
    }
  };

  return {
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: typeof body === "string" ? Buffer.from(body) : body, ContentType: contentTypeOf(key) }));
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await object.Body!.transformToByteArray());
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async deletePrefix(prefix) {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
        await deleteKeys((page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async createWriter(key) {
      const contentType = contentTypeOf(key);
      let buffered: Buffer[] = [];
      let bufferedBytes = 0;
      let size = 0;
      let uploadId: string | undefined;
      const parts: CompletedPart[] = [];

      const take = () => {
        const body = Buffer.concat(buffered, bufferedBytes);
        buffered = [];
        bufferedBytes = 0;
        return body;
      };
      const uploadPart = async () => {
        uploadId ??= (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }))).UploadId;
        const PartNumber = parts.length + 1;
        const { ETag } = await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: take() }));
        parts.push({ PartNumber, ETag });
      };

      return {
        async write(chunk) {
          const bytes = Buffer.from(chunk);
          buffered.push(bytes);
          bufferedBytes += bytes.length;
          size += bytes.length;
          if (bufferedBytes >= PART_BYTES) await uploadPart();
        },
        async commit() {
          if (!uploadId) {
            // Smaller than one part: a single upload, visible at once and whole.
            await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: take(), ContentType: contentType }));
            return size;
          }
          if (bufferedBytes > 0) await uploadPart();
          await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
          return size;
        },
        async abort() {
          take();
          // An upload left open keeps its parts (and their cost) until a bucket lifecycle rule ends it.
          if (uploadId) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
        },
      };
    },
    async openStream(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { stream: object.Body!.transformToWebStream() as ReadableStream<Uint8Array>, size: Number(object.ContentLength ?? 0) };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
  };
}
