import { createReadStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { ObjectStore } from "./storage";

// Objects as files under one directory (the default, and enough for one instance). Writes go to
// a temporary file renamed into place, so a reader never sees half a file.

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

export function diskStore(directory: string): ObjectStore {
  const root = path.resolve(directory);
  const fileFor = (key: string) => path.join(root, key);
  const tempFor = (file: string) => `${file}.${randomBytes(6).toString("hex")}.tmp`;

  return {
    async put(key, body) {
      const file = fileFor(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = tempFor(file);
      await writeFile(temp, body);
      await rename(temp, file);
    },
    async get(key) {
      try {
        return await readFile(fileFor(key));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileFor(key), { force: true });
    },
    async deletePrefix(prefix) {
      await rm(fileFor(prefix), { recursive: true, force: true });
    },
    async createWriter(key) {
      const file = fileFor(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = tempFor(file);
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
    },
    async openStream(key) {
      const file = fileFor(key);
      try {
        const info = await stat(file);
        return { stream: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, size: info.size };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
  };
}
