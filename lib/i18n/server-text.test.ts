import { describe, expect, it } from "vitest";
import de from "./server-text/de.json";
import { translateServerText } from "./server-text";
import { EVENT_DESCRIPTIONS } from "../event-catalog";

const catalogue = { "Incorrect email or password.": "E-Mail oder Passwort ist falsch.", "Try again in {wait}.": "Versuchen Sie es in {wait} erneut.", "{field}: {problem}": "{field}: {problem}", Email: "E-Mail" };

describe("translateServerText", () => {
  it("translates known sentences and templates, and leaves the rest (and English) as it is", () => {
    expect(translateServerText("Incorrect email or password.", catalogue)).toBe("E-Mail oder Passwort ist falsch.");
    expect(translateServerText("Try again in 5 minutes.", catalogue)).toBe("Versuchen Sie es in 5 minutes erneut.");
    expect(translateServerText("Email: Incorrect email or password.", catalogue)).toBe("E-Mail: E-Mail oder Passwort ist falsch.");
    expect(translateServerText("Something new.", catalogue)).toBe("Something new.");
    expect(translateServerText("Incorrect email or password.", undefined)).toBe("Incorrect email or password.");
    // A regex-looking sentence is matched literally.
    expect(translateServerText("Try again in (.*).", catalogue)).toBe("Versuchen Sie es in (.*) erneut.");
    // A template that is all placeholder does not loop.
    expect(translateServerText("anything", { "{all}": "[{all}]" })).toBe("[anything]");
    // A long part is outside data (a DNS record's value): carried over, not looked up again.
    const long = `Email${" ".repeat(200)}`;
    expect(translateServerText(`Problem: ${long}.`, { "Problem: {part}.": "Problem: {part}!", [long]: "translated" })).toBe(`Problem: ${long}!`);
    expect(translateServerText("Problem: Email.", { "Problem: {part}.": "Problem: {part}!", Email: "E-Mail" })).toBe("Problem: E-Mail!");
  });

  it("the German catalogue keeps every template's placeholders", () => {
    for (const [source, target] of Object.entries(de as Record<string, string>)) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(target), source).toEqual(names(source));
      expect(target.trim(), source).not.toBe("");
    }
  });

  it("has German for every webhook event description the webhook form shows", () => {
    for (const description of Object.values(EVENT_DESCRIPTIONS)) {
      expect(translateServerText(description, de as Record<string, string>), description).not.toBe(description);
    }
  });

  it("inserts captured text as it is: no $ patterns, no second substitution, no growth", () => {
    const real = de as Record<string, string>;
    expect(translateServerText("R$$ has used 5 of 10 API calls this period.", real)).toContain("R$$");
    expect(translateServerText("{rest}; Incorrect email or password.", real)).toBe("{rest}; E-Mail-Adresse oder Passwort ist falsch.");
    // A DNS value an admin controls, inside the notification body the server stores (clipped at 600).
    const hostile = "$'$'; ".repeat(18);
    const body = `The custom domain no longer points to Acme. ${hostile} Fix the DNS records before it is disconnected.`;
    const shown = translateServerText(body, real);
    expect(shown).toContain(hostile.trim());
    expect(shown.length).toBeLessThan(body.length * 2);
    // Beyond any sentence the server writes for a person: shown as it is.
    const long = "x; ".repeat(400);
    expect(translateServerText(long, real)).toBe(long);
  });
});
