import type { Metadata } from "next";
import { NoAccess } from "@/components/dashboard/no-access";
import Link from "next/link";
import { PageHeader } from "@/components/dashboard/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { openApiDocument } from "@/server/api/openapi";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "API reference" };

type Schema = { [key: string]: unknown };
type Param = { name: string; in: string; required?: boolean; schema: Schema };
type Operation = {
  summary: string;
  "x-scope"?: string;
  parameters?: Param[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
};

const KEY = "atr_live_YOUR_KEY";
const codeClass = "overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs leading-relaxed";

/** Resolves `#/components/schemas/X` and drops noise (`$schema`, regex patterns of formatted strings). */
function clean(schema: unknown, defs: Record<string, unknown>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => clean(s, defs));
  if (!schema || typeof schema !== "object") return schema;
  const s = schema as Schema;
  if (typeof s.$ref === "string") return clean(defs[s.$ref.replace("#/components/schemas/", "")], defs);
  return Object.fromEntries(
    Object.entries(s)
      .filter(([k]) => k !== "$schema" && !(k === "pattern" && s.format))
      .map(([k, v]) => [k, clean(v, defs)]),
  );
}

/** A minimal valid example value for a (cleaned) JSON schema: first branch, first enum value, required fields only. */
function example(schema: Schema, name = ""): unknown {
  if (Array.isArray(schema.anyOf)) return example(schema.anyOf[0] as Schema, name);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.type === "integer" || schema.type === "number") return Math.max(1, Number(schema.minimum ?? 1));
  if (schema.type === "boolean") return true;
  if (schema.type === "array") return [example((schema.items ?? {}) as Schema, name)];
  if (schema.type === "object") {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    const required = (schema.required ?? []) as string[];
    return Object.fromEntries(required.map((k) => [k, example(props[k] ?? {}, k)]));
  }
  if (schema.format === "date-time") return "2025-01-01T00:00:00Z";
  return name === "idempotencyKey" ? "evt_0001" : "string";
}

function typeOf(schema: Schema): string {
  const base = Array.isArray(schema.enum) ? schema.enum.map((v) => JSON.stringify(v)).join(" | ") : String(schema.type ?? "any");
  const extras = [schema.format ? `format: ${schema.format}` : null, schema.default !== undefined ? `default: ${JSON.stringify(schema.default)}` : null];
  return [base, ...extras].filter(Boolean).join(" · ");
}

function curl(method: string, base: string, path: string, op: Operation, body: Schema | null): string {
  const params = op.parameters ?? [];
  const url =
    base +
    path.replace(/\{(\w+)\}/g, (_, name: string) => String(example(params.find((p) => p.name === name)?.schema ?? {}, name))) +
    (params.some((p) => p.in === "query" && p.required)
      ? `?${params.filter((p) => p.in === "query" && p.required).map((p) => `${p.name}=${encodeURIComponent(String(example(p.schema, p.name)))}`).join("&")}`
      : "");
  const lines = [`curl${method === "get" ? "" : ` -X ${method.toUpperCase()}`} "${url}"`, `  -H "Authorization: Bearer ${KEY}"`];
  if (body) lines.push(`  -H "Content-Type: application/json"`, `  -d '${JSON.stringify(example(body))}'`);
  return lines.join(" \\\n");
}

const METHOD_VARIANT = { get: "outline", post: "default", put: "warning", patch: "warning", delete: "destructive" } as const;

export default async function ApiReferencePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { denied } = await requireWorkspacePage((await params).tenant, { capability: "view" });
  if (denied) return <NoAccess denied={denied}>You cannot see the API reference here.</NoAccess>;
  const origin = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  const doc = openApiDocument(origin);
  const base = doc.servers[0]?.url ?? `${origin}/api/v1`;
  const defs = doc.components.schemas as Record<string, unknown>;
  const endpoints = Object.entries(doc.paths as unknown as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ id: `${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`, path, method, op })),
  );

  return (
    <>
      <PageHeader title="API reference" description={`${doc.info.title} v${doc.info.version}. ${doc.info.description}`} />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Base URL and authentication</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            <pre className={codeClass}>{base}</pre>
            <p>
              Send an API key as a bearer token on every request. Keys are created per workspace on the{" "}
              <Link href="/dashboard/api-keys" className="font-medium underline underline-offset-4">API keys</Link> page and carry scopes.
            </p>
            <pre className={codeClass}>{`Authorization: Bearer ${KEY}`}</pre>
            <p className="text-muted-foreground">
              {doc.components.securitySchemes.bearer.description}. Errors are JSON: <code className="font-mono text-xs">{`{"error":{"code","message","field?"}}`}</code>. The
              machine-readable spec is at{" "}
              <a href={`${base}/openapi.json`} className="font-medium underline underline-offset-4">{`${base}/openapi.json`}</a>.
            </p>
            <nav aria-label="Endpoints">
              <ul className="flex flex-wrap gap-2">
                {endpoints.map((e) => (
                  <li key={e.id}>
                    <a href={`#${e.id}`} className="inline-flex rounded-md border border-border px-2 py-1 font-mono text-xs hover:bg-muted">
                      {e.method.toUpperCase()} {e.path}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </CardContent>
        </Card>

        {endpoints.map(({ id, path, method, op }) => {
          const body = op.requestBody ? (clean(Object.values(op.requestBody.content)[0]?.schema, defs) as Schema) : null;
          return (
            <Card key={id} id={id} className="scroll-mt-20">
              <CardHeader>
                <CardTitle>
                  <span className="flex flex-wrap items-center gap-2 font-mono text-base">
                    <Badge variant={METHOD_VARIANT[method as keyof typeof METHOD_VARIANT] ?? "outline"}>{method.toUpperCase()}</Badge>
                    {path}
                  </span>
                </CardTitle>
                <CardDescription>{op.summary}</CardDescription>
                {op["x-scope"] ? (
                  <p className="text-xs text-muted-foreground">
                    Required scope: <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground">{op["x-scope"]}</code>
                  </p>
                ) : null}
              </CardHeader>
              <CardContent className="space-y-4 text-sm">
                {op.parameters?.length ? (
                  <div>
                    <h3 className="mb-2 font-medium">Parameters</h3>
                    <Table>
                      <TableHeader>
                        <TableRow>
                          <TableHead>Name</TableHead>
                          <TableHead>In</TableHead>
                          <TableHead>Type</TableHead>
                          <TableHead>Required</TableHead>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {op.parameters.map((p) => (
                          <TableRow key={`${p.in}-${p.name}`}>
                            <TableCell className="font-mono text-xs">{p.name}</TableCell>
                            <TableCell>{p.in}</TableCell>
                            <TableCell className="font-mono text-xs">{typeOf(p.schema)}</TableCell>
                            <TableCell>{p.required ? "Yes" : "No"}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </div>
                ) : null}
                {body ? (
                  <div>
                    <h3 className="mb-2 font-medium">Request body{op.requestBody?.required ? " (required)" : ""} — application/json</h3>
                    {/* Scrolls on its own: focusable, so a keyboard can scroll it too. */}
                    <pre className={`${codeClass} max-h-80`} tabIndex={0} aria-label={`${method.toUpperCase()} ${path} request body schema`}>
                      {JSON.stringify(body, null, 2)}
                    </pre>
                  </div>
                ) : null}
                <div>
                  <h3 className="mb-2 font-medium">Responses</h3>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                    {Object.entries(op.responses).map(([code, r]) => (
                      <div key={code} className="contents">
                        <dt className={`font-mono text-xs leading-5 ${code.startsWith("2") ? "text-success" : "text-muted-foreground"}`}>{code}</dt>
                        <dd className="text-muted-foreground">{r.description}</dd>
                      </div>
                    ))}
                  </dl>
                </div>
                <div>
                  <h3 className="mb-2 font-medium">Example</h3>
                  <pre className={codeClass} tabIndex={0} aria-label={`${method.toUpperCase()} ${path} example request`}>
                    {curl(method, base, path, op, body)}
                  </pre>
                </div>
              </CardContent>
            </Card>
          );
        })}
      </div>
    </>
  );
}
