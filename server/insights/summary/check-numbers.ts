// The check a written summary must pass before it is stored: every number it states appears in
// the facts it was given. Both sides are read the same way, so formats do not matter:
// - numbers: "$70", "70 dollars", "4 %", "4%", "4 percent", "12,500", "12500", "12.5k", "1.2 million"
//   are values (thousands separators are dropped, "k", "thousand", "million", "billion" multiply);
//   a sign is ignored ("down 12 %" states 12); money ("$", "dollars") must match money in the
//   facts and a percentage a percentage ("$90" is not supported by "90 %"); a bare number
//   matches a number of either kind;
// - dates: "2026-12-14", "December 14", "Dec 14, 2026", "14 December 2026" are calendar days;
//   a date without a year matches that day in any year of the facts.
// A number may be a rounding of a fact's number ("18 %" for 18.4 %, "1.2 million" for
// 1,234,567) but only to its last written digit and within 5 % of it; anything else fails.
// Numbers written as words ("three") are not checked.

/** Money and percentages only match their own kind in the facts; a bare number matches either kind. */
export type NumberKind = "money" | "percent" | "plain";
export type StatedNumber = { text: string; value: number; step: number; kind: NumberKind };
export type StatedDate = { text: string; year: number | null; month: number; day: number };
export type Statements = { numbers: StatedNumber[]; dates: StatedDate[] };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const ORDINAL = "(?:st|nd|rd|th)?";
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const MONTH_DAY = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})${ORDINAL}(?:,?\\s+(\\d{4}))?\\b`, "gi");
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?${MONTH}(?:,?\\s+(\\d{4}))?\\b`, "gi");
const NUMBER = /([$€]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s?(k|thousand|million|bn|billion)\b)?(\s?(?:%|percent\b|per cent\b|dollars?\b|usd\b|euros?\b|eur\b))?/gi;
const SCALE: Record<string, number> = { k: 1_000, thousand: 1_000, million: 1_000_000, bn: 1_000_000_000, billion: 1_000_000_000 };

const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

function validDate(year: number | null, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && (year === null || (year >= 1900 && year <= 2999));
}

/** The numbers and dates a text states (dates are taken out first, so their parts are not numbers). */
export function readStatements(text: string): Statements {
  const dates: StatedDate[] = [];
  const take = (match: string, year: number | null, month: number, day: number) => {
    if (!validDate(year, month, day)) return match;
    dates.push({ text: match.trim(), year, month, day });
    return " ";
  };
  const rest = text
    .replace(ISO_DATE, (m, y: string, mo: string, d: string) => take(m, Number(y), Number(mo), Number(d)))
    .replace(MONTH_DAY, (m, name: string, d: string, y: string | undefined) => take(m, y ? Number(y) : null, monthOf(name), Number(d)))
    .replace(DAY_MONTH, (m, d: string, name: string, y: string | undefined) => take(m, y ? Number(y) : null, monthOf(name), Number(d)));
  const numbers: StatedNumber[] = [];
  for (const match of rest.matchAll(NUMBER)) {
    const [text, dollar, int, decimals, scale, unit] = match;
    const multiplier = scale ? SCALE[scale.toLowerCase()]! : 1;
    const value = Number(`${int!.replace(/,/g, "")}${decimals ? `.${decimals}` : ""}`) * multiplier;
    const suffix = unit?.trim().toLowerCase() ?? "";
    const kind: NumberKind = dollar || /^(dollar|usd|euro|eur)/.test(suffix) ? "money" : suffix ? "percent" : "plain";
    numbers.push({ text: text.trim(), value, step: 10 ** -(decimals?.length ?? 0) * multiplier, kind });
  }
  return { numbers, dates };
}

const ROUNDING_TOLERANCE = 0.05;

function supportsNumber(stated: StatedNumber, known: readonly StatedNumber[]): boolean {
  return known.some((fact) => {
    if (stated.kind !== "plain" && fact.kind !== stated.kind) return false;
    const f = Math.abs(fact.value);
    if (Math.abs(f - stated.value) <= 1e-9 * Math.max(1, f)) return true;
    const sameDigits = Math.round(f / stated.step) === Math.round(stated.value / stated.step);
    return sameDigits && f > 0 && Math.abs(f - stated.value) / f <= ROUNDING_TOLERANCE;
  });
}

/**
 * What a text states that the facts do not: the numbers and dates of `text` found nowhere in
 * `facts` (an empty list: every one is supported). The years of the facts' dates count as numbers.
 */
export function unsupportedStatements(text: string, facts: readonly string[]): string[] {
  const known = facts.map(readStatements);
  const values = known.flatMap((k) => [...k.numbers, ...k.dates.flatMap((d) => (d.year === null ? [] : [{ text: String(d.year), value: d.year, step: 1, kind: "plain" as const }]))]);
  const days = new Set(known.flatMap((k) => k.dates.flatMap((d) => [`${d.month}-${d.day}`, ...(d.year === null ? [] : [`${d.year}-${d.month}-${d.day}`])])));
  const stated = readStatements(text);
  return [
    ...stated.dates.filter((d) => !days.has(d.year === null ? `${d.month}-${d.day}` : `${d.year}-${d.month}-${d.day}`)).map((d) => d.text),
    ...stated.numbers.filter((n) => !supportsNumber(n, values)).map((n) => n.text),
  ];
}
