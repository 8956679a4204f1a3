import { createReadStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "../env";

// Files the product keeps (logos, workspace exports), addressed by key. On disk under STORAGE_DIR
// by default; an S3-compatible bucket can be used by mounting it at STORAGE_DIR (README).

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

function fileFor(key: string): string {
  // Keys are built by the server from ids and hashes; anything else is a bug, never a path.
  if (!KEY.test(key) || key.includes("..")) throw new Error(`Invalid storage key: ${key}`);
  return path.join(path.resolve(env.STORAGE_DIR), key);
}

/** Writes atomically (temporary file + rename), so a reader never sees half a file. */
export async function putObject(key: string, body: Buffer | string): Promise<void> {
  const file = fileFor(key);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, body);
  await rename(temp, file);
}

export async function getObject(key: string): Promise<Buffer | null> {
  try {
    return await readFile(fileFor(key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function deleteObject(key: string): Promise<void> {
  await rm(fileFor(key), { force: true });
}

/** Removes everything under a prefix (a purged workspace's files). */
export async function deletePrefix(prefix: string): Promise<void> {
  await rm(fileFor(prefix), { recursive: true, force: true });
}

export type ObjectWriter = { write(chunk: string): Promise<void>; commit(): Promise<number>; abort(): Promise<void> };

/** Writes a large object piece by piece (never whole in memory); visible only after commit(). */
export async function createObjectWriter(key: string): Promise<ObjectWriter> {
  const file = fileFor(key);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "w");
  let size = 0;
  return {
    async write(chunk) {
      const bytes = Buffer.from(chunk);
      size += bytes.length;
      await handle.write(bytes);
    },
    async commit() {
      await handle.close();
      await rename(temp, file);
      return size;
    },
    async abort() {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}

/** A stream of the object's bytes for a download, or null when it does not exist. */
export async function openObjectStream(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
  const file = fileFor(key);
  try {
    const info = await stat(file);
    return { stream: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, size: info.size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
