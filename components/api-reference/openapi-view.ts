// What the API reference page makes of the OpenAPI document: cleaned schemas, one row per field
// of a request body, and the same example request in curl, JavaScript and Python. Pure.

export type Schema = { [key: string]: unknown };
export type Param = { name: string; in: string; required?: boolean; schema: Schema };
export type Operation = {
  summary: string;
  "x-scope"?: string;
  parameters?: Param[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
};

export const EXAMPLE_KEY = "atr_live_YOUR_KEY";

/** Resolves `#/components/schemas/X` and drops noise (`$schema`, regex patterns of formatted strings). */
export function clean(schema: unknown, defs: Record<string, unknown>): unknown {
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
export function example(schema: Schema, name = ""): unknown {
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

/** The words a type description is made of (WorkspaceApiReference.type in other languages). */
export type TypeWords = {
  or: string;
  arrayOf: (items: string) => string;
  anyValue: string;
  minimum: (value: string) => string;
  maximum: (value: string) => string;
  maxLength: (count: string) => string;
  maxItems: (count: string) => string;
  byDefault: (value: string) => string;
};

export const ENGLISH_TYPE_WORDS: TypeWords = {
  or: "or",
  arrayOf: (items) => `array of ${items}`,
  anyValue: "any value",
  minimum: (value) => `minimum ${value}`,
  maximum: (value) => `maximum ${value}`,
  maxLength: (count) => `at most ${count} characters`,
  maxItems: (count) => `at most ${count} items`,
  byDefault: (value) => `default ${value}`,
};

type TypeWordKey = "or" | "arrayOf" | "anyValue" | "minimum" | "maximum" | "maxLength" | "maxItems" | "byDefault";

/** The type words from a translator over the WorkspaceApiReference.type messages. */
export function typeWordsFrom(t: (key: TypeWordKey, values?: Record<string, string>) => string): TypeWords {
  return {
    or: t("or"),
    arrayOf: (items) => t("arrayOf", { items }),
    anyValue: t("anyValue"),
    minimum: (value) => t("minimum", { value }),
    maximum: (value) => t("maximum", { value }),
    maxLength: (count) => t("maxLength", { count }),
    maxItems: (count) => t("maxItems", { count }),
    byDefault: (value) => t("byDefault", { value }),
  };
}

/** "integer · minimum 1", `"hour" | "day"`, "string · date-time", "array of object". */
export function typeOf(schema: Schema, words: TypeWords = ENGLISH_TYPE_WORDS): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).map((s) => typeOf(s, words)).join(` ${words.or} `);
  const base = Array.isArray(schema.enum)
    ? schema.enum.map((v) => JSON.stringify(v)).join(" | ")
    : schema.type === "array"
      ? words.arrayOf(typeOf((schema.items ?? {}) as Schema, words))
      : schema.type === undefined
        ? words.anyValue
        : String(schema.type);
  const extras = [
    schema.format ? String(schema.format) : null,
    schema.minimum !== undefined ? words.minimum(String(schema.minimum)) : null,
    schema.maximum !== undefined ? words.maximum(String(schema.maximum)) : null,
    schema.maxLength !== undefined ? words.maxLength(String(schema.maxLength)) : null,
    schema.maxItems !== undefined ? words.maxItems(String(schema.maxItems)) : null,
    schema.default !== undefined ? words.byDefault(JSON.stringify(schema.default)) : null,
  ];
  return [base, ...extras].filter(Boolean).join(" · ");
}

export type Field = { name: string; type: string; required: boolean; description: string | null };

/**
 * The fields of an object schema as rows, nested objects and arrays of objects by dotted path
 * (`events[].metric`); a body that may be one object or a batch lists each shape's fields once.
 */
export function fieldsOf(schema: Schema, prefix = "", required = true, words: TypeWords = ENGLISH_TYPE_WORDS): Field[] {
  if (Array.isArray(schema.anyOf)) {
    const seen = new Set<string>();
    return (schema.anyOf as Schema[]).flatMap((branch) => fieldsOf(branch, prefix, required, words)).filter((f) => !seen.has(f.name) && seen.add(f.name));
  }
  if (schema.type === "array" && (schema.items as Schema | undefined)?.type === "object") return fieldsOf(schema.items as Schema, `${prefix}[]`, required, words);
  if (schema.type !== "object") return prefix ? [{ name: prefix, type: typeOf(schema, words), required, description: typeof schema.description === "string" ? schema.description : null }] : [];
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const needed = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    const nested = value.type === "object" || (value.type === "array" && (value.items as Schema | undefined)?.type === "object");
    const row: Field = { name, type: typeOf(value, words), required: required && needed.has(key), description: typeof value.description === "string" ? value.description : null };
    return nested ? [row, ...fieldsOf(value, name, required && needed.has(key), words)] : [row];
  });
}

/** The request's URL with example path and required query parameters. */
function exampleUrl(base: string, path: string, op: Operation): string {
  const params = op.parameters ?? [];
  const query = params.filter((p) => p.in === "query" && p.required);
  return (
    base +
    path.replace(/\{(\w+)\}/g, (_, name: string) => String(example(params.find((p) => p.name === name)?.schema ?? {}, name))) +
    (query.length ? `?${query.map((p) => `${p.name}=${encodeURIComponent(String(example(p.schema, p.name)))}`).join("&")}` : "")
  );
}

export type Examples = { curl: string; javascript: string; python: string };

/** One example request in three languages. */
export function examples(method: string, base: string, path: string, op: Operation, body: Schema | null): Examples {
  const url = exampleUrl(base, path, op);
  const payload = body ? JSON.stringify(example(body)) : null;
  const upper = method.toUpperCase();
  const curl = [`curl${method === "get" ? "" : ` -X ${upper}`} "${url}"`, `  -H "Authorization: Bearer ${EXAMPLE_KEY}"`];
  if (payload) curl.push(`  -H "Content-Type: application/json"`, `  -d '${payload}'`);
  const javascript = [
    `const response = await fetch("${url}", {`,
    `  method: "${upper}",`,
    `  headers: {`,
    `    Authorization: "Bearer ${EXAMPLE_KEY}",${payload ? `\n    "Content-Type": "application/json",` : ""}`,
    `  },${payload ? `\n  body: JSON.stringify(${payload}),` : ""}`,
    `});`,
    `const result = { status: response.status, data: await response.json() };`,
  ].join("\n");
  const python = [
    `import requests`,
    ``,
    `response = requests.${method}(`,
    `    "${url}",`,
    `    headers={"Authorization": "Bearer ${EXAMPLE_KEY}"},${payload ? `\n    json=${pythonLiteral(JSON.parse(payload))},` : ""}`,
    `    timeout=10,`,
    `)`,
    `print(response.status_code, response.json())`,
  ].join("\n");
  return { curl: curl.join(" \\\n"), javascript, python };
}

/** A JSON value as a Python literal (True/False/None). */
function pythonLiteral(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(", ")}}`;
  return JSON.stringify(value);
}
