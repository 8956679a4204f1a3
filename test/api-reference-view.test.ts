import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import { clean, examples, fieldsOf, typeOf, typeWordsFrom, type Operation, type Schema } from "../components/api-reference/openapi-view";
import { AREA_MESSAGES, type AreaMessages } from "../lib/i18n/messages";
import { translateServerText } from "../lib/i18n/server-text";
import de from "../lib/i18n/server-text/de.json";
import { openApiDocument } from "../server/api/openapi";

// Issue 17: the API reference shows typed field tables and examples in curl, JavaScript and
// Python, made from the published OpenAPI document itself.

const doc = openApiDocument("http://localhost:3000");
const defs = doc.components.schemas as Record<string, unknown>;
const paths = doc.paths as unknown as Record<string, Record<string, Operation>>;

function bodyOf(path: string, method: string): Schema {
  const op = paths[path]![method]!;
  return clean(Object.values(op.requestBody!.content)[0]!.schema, defs) as Schema;
}

describe("the API reference's view of the OpenAPI document", () => {
  it("lists POST /usage's fields, the single event and the batch, typed and required", () => {
    const fields = fieldsOf(bodyOf("/usage", "post"));
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.metric).toMatchObject({ required: true });
    expect(byName.quantity?.type).toMatch(/^(integer|number)/);
    expect(byName.events).toMatchObject({ required: true, type: expect.stringMatching(/^array of object/) });
    expect(byName["events[].metric"]).toMatchObject({ required: true });
    // Each field once, though both shapes have it.
    expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
  });

  it("writes one request three ways, with the example body", () => {
    const op = paths["/usage"]!.post!;
    const body = bodyOf("/usage", "post");
    const { curl, javascript, python } = examples("post", "https://atrium.example/api/v1", "/usage", op, body);
    expect(curl).toMatch(/^curl -X POST "https:\/\/atrium\.example\/api\/v1\/usage"/);
    expect(curl).toContain(`-H "Authorization: Bearer atr_live_YOUR_KEY"`);
    expect(javascript).toContain(`await fetch("https://atrium.example/api/v1/usage", {`);
    expect(javascript).toContain(`method: "POST"`);
    expect(javascript).toMatch(/body: JSON\.stringify\(\{.*"metric"/);
    expect(python).toContain("response = requests.post(");
    expect(python).toMatch(/json=\{"metric": /);
    // A GET has no body in any language.
    const get = examples("get", "https://atrium.example/api/v1", "/entitlements", paths["/entitlements"]!.get!, null);
    expect(get.curl).not.toContain("-d ");
    expect(get.javascript).not.toContain("body:");
    expect(get.python).toContain("requests.get(");
    expect(get.python).not.toContain("json=");
  });

  it("says what a type allows", () => {
    expect(typeOf({ type: "integer", minimum: 1, maximum: 1000 })).toBe("integer · minimum 1 · maximum 1000");
    expect(typeOf({ enum: ["hour", "day"], default: "day" })).toBe('"hour" | "day" · default "day"');
    expect(typeOf({ type: "array", items: { type: "string" }, maxItems: 5 })).toBe("array of string · at most 5 items");
  });

  it("says it in German: the type words from the messages, every sentence of the document through the catalogue", () => {
    const wordsIn = (locale: "en" | "de") =>
      typeWordsFrom(createTranslator({ locale, messages: AREA_MESSAGES[locale].workspace as AreaMessages["workspace"], namespace: "WorkspaceApiReference.type" }));
    const samples: Schema[] = [
      { type: "integer", minimum: 1, maximum: 1000 },
      { enum: ["hour", "day"], default: "day" },
      { type: "array", items: { type: "string" }, maxItems: 5 },
      { anyOf: [{ type: "string", maxLength: 200 }, {}] },
    ];
    // English from the messages is the built-in English, word for word.
    for (const schema of samples) expect(typeOf(schema, wordsIn("en"))).toBe(typeOf(schema));
    expect(typeOf(samples[2]!, wordsIn("de"))).toBe("Array aus string · höchstens 5 Einträge");
    expect(typeOf(samples[3]!, wordsIn("de"))).toBe("string · höchstens 200 Zeichen oder beliebiger Wert");

    const shown = new Set<string>([doc.info.title, doc.info.description, doc.components.securitySchemes.bearer.description]);
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        shown.add(op.summary);
        for (const response of Object.values(op.responses)) shown.add(response.description);
        if (op.requestBody) for (const field of fieldsOf(bodyOf(path, method))) if (field.description) shown.add(field.description);
      }
    }
    const untranslated = [...shown].filter((text) => translateServerText(text, de as Record<string, string>) === text);
    expect(untranslated).toEqual([]);
  });
});
