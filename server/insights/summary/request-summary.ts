import { z } from "zod";

export type SummaryModel = { url: string; apiKey: string | null; model: string; timeoutMs: number };

/** Longest summary asked for, and the most accepted (a little slack for a model that overshoots). */
export const SUMMARY_WORDS = 120;
export const SUMMARY_MAX_WORDS = 150;
const SUMMARY_MAX_CHARS = 1_500;

const INSTRUCTIONS = [
  "You write a short summary of a workspace's usage insights for its owners.",
  `Use only the numbered facts you are given. At most ${SUMMARY_WORDS} words, plain text, one paragraph, no lists, no headings.`,
  "Every number or date you write must appear in the facts exactly as written there; do not compute new numbers (no sums, differences or averages), do not convert units, and do not mention the facts' numbering.",
  "Start with what matters most (money saved or at risk, limits about to be reached), then trends, then tidying up members and API keys.",
].join(" ");

const Completion = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) });

export type SummaryOutcome = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Asks an OpenAI-compatible endpoint (`POST {url}/chat/completions`, plain fetch) for a summary of
 * the facts, within `timeoutMs` for the whole exchange. Never throws: a refusal, an HTTP error, a
 * timeout or an answer of the wrong shape comes back as a reason.
 */
export async function requestSummary(model: SummaryModel, factsText: string): Promise<SummaryOutcome> {
  try {
    const response = await fetch(`${model.url.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(model.apiKey ? { authorization: `Bearer ${model.apiKey}` } : {}) },
      body: JSON.stringify({
        model: model.model,
        temperature: 0,
        max_tokens: 400,
        messages: [
          { role: "system", content: INSTRUCTIONS },
          { role: "user", content: `Facts:\n${factsText}` },
        ],
      }),
      signal: AbortSignal.timeout(model.timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, reason: `HTTP ${response.status}` };
    }
    const body = await readCapped(response, MAX_RESPONSE_BYTES);
    if (body === null) return { ok: false, reason: `an answer larger than ${MAX_RESPONSE_BYTES} bytes` };
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { ok: false, reason: "an answer that is not JSON" };
    }
    const parsed = Completion.safeParse(json);
    if (!parsed.success) return { ok: false, reason: "an answer without a message" };
    const text = parsed.data.choices[0]!.message.content.replace(/\s+/g, " ").trim();
    if (!text) return { ok: false, reason: "an empty message" };
    const words = text.split(" ").length;
    if (words > SUMMARY_MAX_WORDS || text.length > SUMMARY_MAX_CHARS) return { ok: false, reason: `too long (${words} words)` };
    return { ok: true, text };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    return { ok: false, reason: name === "TimeoutError" || name === "AbortError" ? `no answer within ${model.timeoutMs} ms` : `request failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** What is read of the model's answer at most: a paragraph's completion is a few kilobytes. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
async function readCapped(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
