import { describe, expect, it } from "vitest";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { AREA_MESSAGES, AREAS } from "./messages";
import { INTL_LOCALE, LOCALES } from "./locales";

// German is complete: every English message has a German one with the same placeholders, and
// every message parses as ICU (a broken plural would only fail when that page is shown).

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The argument names a message uses (`{name}`, `{count, plural, …}`, rich tags `<link>`), from the ICU parse tree: option text is not an argument. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
      names.add(element.type === TYPE.tag ? `<${element.value}>` : element.value);
      if (element.type === TYPE.tag) walk(element.children);
      if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

describe("messages", () => {
  for (const area of AREAS) {
    const english = flatten(AREA_MESSAGES.en[area] as Tree);
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      it(`${locale} has every ${area} message, with the same placeholders`, () => {
        const translated = flatten(AREA_MESSAGES[locale][area] as Tree);
        expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
        for (const [key, message] of english) {
          expect(argumentsOf(translated.get(key)!), `${locale} ${key}`).toEqual(argumentsOf(message));
        }
      });
    }
    it(`every ${area} message parses as ICU in every locale`, () => {
      for (const locale of LOCALES) {
        for (const [key, message] of flatten(AREA_MESSAGES[locale][area] as Tree)) {
          expect(() => new IntlMessageFormat(message, INTL_LOCALE[locale]), `${locale} ${key}`).not.toThrow();
        }
      }
    });
  }

  it("no namespace is defined by two areas", () => {
    const seen = new Map<string, string>();
    for (const area of AREAS) {
      for (const namespace of Object.keys(AREA_MESSAGES.en[area])) {
        expect(seen.get(namespace), namespace).toBeUndefined();
        seen.set(namespace, area);
      }
    }
  });
});
