import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/** One span as OTLP/HTTP JSON carries it (hex ids, attributes as key/value pairs). */
export type ExportedSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number };
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
};

// What the collector reads of an OTLP/HTTP JSON export request (checked: it comes over the wire).
const ZKeyValue = z.object({
  key: z.string(),
  value: z.object({ stringValue: z.string().optional(), intValue: z.union([z.string(), z.number()]).optional(), boolValue: z.boolean().optional(), doubleValue: z.number().optional() }),
});
type KeyValue = z.infer<typeof ZKeyValue>;
const ZSpan = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.number(),
  status: z.object({ code: z.number().optional() }).optional(),
  attributes: z.array(ZKeyValue).optional(),
});
const ZExportRequest = z.object({
  resourceSpans: z
    .array(z.object({ resource: z.object({ attributes: z.array(ZKeyValue).optional() }).optional(), scopeSpans: z.array(z.object({ spans: z.array(ZSpan).optional() })).optional() }))
    .optional(),
});

function flatten(attributes: KeyValue[] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue))]));
}

/** A local OTLP/HTTP collector (JSON encoding, POST /v1/traces) that keeps what it receives. */
export async function startOtlpCollector(): Promise<{ endpoint: string; spans: ExportedSpan[]; requests: number; close: () => Promise<void> }> {
  const state = { spans: [] as ExportedSpan[], requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      state.requests += 1;
      if (req.url === "/v1/traces" && String(req.headers["content-type"]).startsWith("application/json")) {
        const parsed = ZExportRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown);
        // A request the collector cannot read is answered 400 (and the test sees no spans from it).
        if (!parsed.success) return void res.writeHead(400, { "content-type": "application/json" }).end("{}");
        for (const resourceSpans of parsed.data.resourceSpans ?? []) {
          const resource = flatten(resourceSpans.resource?.attributes);
          for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
            for (const span of scopeSpans.spans ?? []) state.spans.push({ ...span, attributes: flatten(span.attributes), resource });
          }
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: state.spans,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
