import { describe, expect, it } from "vitest";
import { clean, examples, fieldsOf, typeOf, type Operation, type Schema } from "../components/api-reference/openapi-view";
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
});
