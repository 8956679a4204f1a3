import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
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
import { clean, EXAMPLE_KEY, examples, fieldsOf, typeOf, type Operation, type Schema, typeWordsFrom } from "@/components/api-reference/openapi-view";
import { loadServerTextCatalogue, translateServerText } from "@/lib/i18n/server-text";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("WorkspaceApiReference");
  return { title: t("title") };
}

const codeClass = "overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs leading-relaxed";
const LANGUAGES = [
  ["curl", "curl"],
  ["javascript", "JavaScript (fetch)"],
  ["python", "Python (requests)"],
] as const;

const METHOD_VARIANT = { get: "outline", post: "default", put: "warning", patch: "warning", delete: "destructive" } as const;

export default async function ApiReferencePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { denied } = await requireWorkspacePage((await params).tenant, { capability: "view" });
  const [t, tType, catalogue] = await Promise.all([getTranslations("WorkspaceApiReference"), getTranslations("WorkspaceApiReference.type"), getLocale().then(loadServerTextCatalogue)]);
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("noAccess")}</NoAccess>;
  // The OpenAPI document is English (it is what API clients read); its sentences are shown in the
  // reader's language through the server-text catalogue, its type words through the messages.
  const say = (text: string) => translateServerText(text, catalogue);
  const words = typeWordsFrom((key, values) => tType(key, values));
  const origin = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  const doc = openApiDocument(origin);
  const base = doc.servers[0]?.url ?? `${origin}/api/v1`;
  const defs = doc.components.schemas as Record<string, unknown>;
  const endpoints = Object.entries(doc.paths as unknown as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ id: `${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`, path, method, op })),
  );

  return (
    <>
      <PageHeader title={t("title")} description={`${say(doc.info.title)} v${doc.info.version}. ${say(doc.info.description)}`} />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>{t("baseTitle")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            <pre className={codeClass}>{base}</pre>
            <p>
              {t.rich("auth", {
                link: (chunks) => (
                  <Link href="/dashboard/api-keys" className="font-medium underline underline-offset-4">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
            <pre className={codeClass}>{`Authorization: Bearer ${EXAMPLE_KEY}`}</pre>
            <p className="text-muted-foreground">
              {say(doc.components.securitySchemes.bearer.description)}.{" "}
              {t.rich("errors", {
                shape: `{"error":{"code","message","field?"}}`,
                url: `${base}/openapi.json`,
                code: (chunks) => <code className="font-mono text-xs">{chunks}</code>,
                link: (chunks) => (
                  <a href={`${base}/openapi.json`} className="font-medium underline underline-offset-4">
                    {chunks}
                  </a>
                ),
              })}
            </p>
            <nav aria-label={t("endpoints")}>
              <ul className="flex flex-wrap gap-2">
                {endpoints.map((e) => (
                  <li key={e.id}>
                    <a href={`#${e.id}`} className="inline-flex rounded-md border border-border px-2 py-1 font-mono text-xs hover:bg-muted pointer-coarse:min-h-10 pointer-coarse:items-center">
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
          const requests = examples(method, base, path, op, body);
          return (
            <Card key={id} id={id} className="scroll-mt-20">
              <CardHeader>
                <CardTitle>
                  <span className="flex flex-wrap items-center gap-2 font-mono text-base">
                    <Badge variant={METHOD_VARIANT[method as keyof typeof METHOD_VARIANT] ?? "outline"}>{method.toUpperCase()}</Badge>
                    {path}
                  </span>
                </CardTitle>
                <CardDescription>{say(op.summary)}</CardDescription>
                {op["x-scope"] ? (
                  <p className="text-xs text-muted-foreground">
                    {t.rich("requiredScope", { scope: op["x-scope"], code: (chunks) => <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground">{chunks}</code> })}
                  </p>
                ) : null}
              </CardHeader>
              <CardContent className="space-y-4 text-sm">
                {op.parameters?.length ? (
                  <div>
                    <h3 className="mb-2 font-medium">{t("parameters")}</h3>
                    <Table>
                      <TableHeader>
                        <TableRow>
                          <TableHead>{t("column.name")}</TableHead>
                          <TableHead>{t("column.in")}</TableHead>
                          <TableHead>{t("column.type")}</TableHead>
                          <TableHead>{t("column.required")}</TableHead>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {op.parameters.map((p) => (
                          <TableRow key={`${p.in}-${p.name}`}>
                            <TableCell className="font-mono text-xs">{p.name}</TableCell>
                            <TableCell>{p.in}</TableCell>
                            <TableCell className="font-mono text-xs">{typeOf(p.schema, words)}</TableCell>
                            <TableCell>{p.required ? t("yes") : t("no")}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </div>
                ) : null}
                {body ? (
                  <div>
                    <h3 className="mb-2 font-medium">{op.requestBody?.required ? t("requestBodyRequired") : t("requestBody")}</h3>
                    <Table aria-label={t("requestBodyFields", { endpoint: `${method.toUpperCase()} ${path}` })}>
                      <TableHeader>
                        <TableRow>
                          <TableHead>{t("column.field")}</TableHead>
                          <TableHead>{t("column.type")}</TableHead>
                          <TableHead>{t("column.required")}</TableHead>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {fieldsOf(body, "", true, words).map((f) => (
                          <TableRow key={f.name}>
                            <TableCell className="font-mono text-xs">{f.name}</TableCell>
                            <TableCell className="text-xs">
                              <span className="font-mono">{f.type}</span>
                              {f.description ? <span className="block text-muted-foreground">{say(f.description)}</span> : null}
                            </TableCell>
                            <TableCell>{f.required ? t("yes") : t("no")}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </div>
                ) : null}
                <div>
                  <h3 className="mb-2 font-medium">{t("responses")}</h3>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                    {Object.entries(op.responses).map(([code, r]) => (
                      <div key={code} className="contents">
                        <dt className={`font-mono text-xs leading-5 ${code.startsWith("2") ? "text-success" : "text-muted-foreground"}`}>{code}</dt>
                        <dd className="text-muted-foreground">{say(r.description)}</dd>
                      </div>
                    ))}
                  </dl>
                </div>
                <div className="space-y-3">
                  <h3 className="font-medium">{t("exampleRequest")}</h3>
                  {LANGUAGES.map(([language, label]) => (
                    <div key={language}>
                      <h4 className="mb-1 text-xs font-medium text-muted-foreground">{label}</h4>
                      <pre className={codeClass} tabIndex={0} role="region" aria-label={t("exampleIn", { endpoint: `${method.toUpperCase()} ${path}`, language: label })} data-language={language}>
                        {requests[language]}
                      </pre>
                    </div>
                  ))}
                </div>
              </CardContent>
            </Card>
          );
        })}
      </div>
    </>
  );
}
