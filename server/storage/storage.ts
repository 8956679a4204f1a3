import { env } from "../env";
import { diskStore } from "./disk-store";

// Files the product keeps (logos, workspace exports), addressed by key: on disk under STORAGE_DIR
// by default, or in an S3-compatible bucket when S3_BUCKET is set (what several instances need).
// Callers use the functions below and never learn which.

export type ObjectWriter = { write(chunk: string): Promise<void>; commit(): Promise<number>; abort(): Promise<void> };
export type ObjectStream = { stream: ReadableStream<Uint8Array>; size: number };

/** One place objects live; disk-store.ts and s3-store.ts are the two. */
export type ObjectStore = {
  put(key: string, body: Buffer | string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /** Everything under `prefix/`. */
  deletePrefix(prefix: string): Promise<void>;
  createWriter(key: string): Promise<ObjectWriter>;
  openStream(key: string): Promise<ObjectStream | null>;
};

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

function checked(key: string): string {
  // Keys are built by the server from ids and hashes; anything else is a bug, never a path.
  if (!KEY.test(key) || key.includes("..")) throw new Error(`Invalid storage key: ${key}`);
  return key;
}

let chosen: Promise<ObjectStore> | undefined;
function store(): Promise<ObjectStore> {
  // The AWS SDK is loaded only by deployments that use it.
  chosen ??= env.S3_BUCKET ? import("./s3-store").then(({ s3Store }) => s3Store(env)) : Promise.resolve(diskStore(env.STORAGE_DIR));
  return chosen;
}

/** Stores a whole (small) object at once; a reader never sees half of it. */
export async function putObject(key: string, body: Buffer | string): Promise<void> {
  await (await store()).put(checked(key), body);
}

export async function getObject(key: string): Promise<Buffer | null> {
  return (await store()).get(checked(key));
}

export async function deleteObject(key: string): Promise<void> {
  await (await store()).delete(checked(key));
}

/** Removes everything under a prefix (a purged workspace's files). */
export async function deletePrefix(prefix: string): Promise<void> {
  await (await store()).deletePrefix(checked(prefix));
}

/** Writes a large object piece by piece (never whole in memory); visible only after commit(). */
export async function createObjectWriter(key: string): Promise<ObjectWriter> {
  return (await store()).createWriter(checked(key));
}

/** A stream of the object's bytes for a download, or null when it does not exist. */
export async function openObjectStream(key: string): Promise<ObjectStream | null> {
  return (await store()).openStream(checked(key));
}
