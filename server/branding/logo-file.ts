import { AppError } from "../errors";

// Logo uploads: the type comes from the bytes (never from the file name or the browser's claim),
// and an SVG is accepted only if it is plain drawing: no script, no event handlers, no external
// references, no embedded documents. It is also served with a sandboxing CSP (app route) and shown
// through <img>, where scripts never run, so a missed case is still contained.

export type LogoType = "image/png" | "image/jpeg" | "image/svg+xml";
export const LOGO_EXTENSIONS: Record<LogoType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg" };

const SVG_ELEMENTS = new Set(
  [
    "svg", "g", "defs", "title", "desc", "metadata", "symbol", "use", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textpath", "lineargradient", "radialgradient", "stop",
    "clippath", "mask", "pattern", "filter", "fegaussianblur", "feoffset", "feblend", "fecolormatrix",
    "feflood", "fecomposite", "femerge", "femergenode", "desc",
  ].map((n) => n.toLowerCase()),
);

export function detectImageType(bytes: Buffer): LogoType | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const head = bytes.subarray(0, 4096).toString("utf8").replace(/^\uFEFF/, "");
  // An XML declaration, comments and a DOCTYPE may come before the root element (a DOCTYPE is then
  // refused by svgProblem, with its own message).
  const start = head.replace(/^\s*(<\?xml[^>]*\?>\s*)?((<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>)\s*)*/i, "");
  if (/^<svg[\s>]/i.test(start)) return "image/svg+xml";
  return null;
}

/** Why this SVG is refused, in words for the person uploading it; null when it is plain drawing. */
export function svgProblem(source: string): string | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) return "The SVG declares a DOCTYPE or entities, which are not allowed.";
  if (/<!\[CDATA\[/i.test(source)) return "The SVG contains a CDATA section, which is not allowed.";
  if (/<\?(?!xml\s)[^>]*\?>/i.test(source)) return "The SVG contains processing instructions, which are not allowed.";
  const body = source.replace(/<!--[\s\S]*?-->/g, "").replace(/<\?xml[^>]*\?>/i, "");
  if (body.includes("<!--")) return "The SVG has an unterminated comment.";
  const tag = /<\s*(\/?)\s*([A-Za-z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  for (const match of body.matchAll(tag)) {
    const name = match[2]!.toLowerCase();
    const local = name.includes(":") ? name.slice(name.indexOf(":") + 1) : name;
    if (!SVG_ELEMENTS.has(local) || name.includes(":")) return `The SVG contains a <${match[2]}> element, which is not allowed in a logo.`;
    if (match[1]) continue;
    for (const attr of match[3]!.matchAll(/([^\s=/]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const attrName = attr[1]!.toLowerCase();
      const value = (attr[2] ?? "").replace(/^["']|["']$/g, "");
      const decoded = value.replace(/&#x?[0-9a-f]+;?|&[a-z]+;|[\s\u0000-\u001f]/gi, "").toLowerCase();
      if (attrName.startsWith("on")) return `The SVG has an event handler (${attr[1]}), which is not allowed.`;
      if (attrName === "style" && /url\s*\(|expression|@import|javascript:/i.test(decoded)) {
        return "The SVG has a style that loads other content, which is not allowed.";
      }
      if ((attrName === "href" || attrName.endsWith(":href")) && !value.startsWith("#")) {
        return "The SVG links to another document or image; only links inside the file (#id) are allowed.";
      }
      if (/(java|vb)script:|data:/.test(decoded)) return "The SVG contains a script or data URL, which is not allowed.";
      if (/url\s*\(/.test(decoded) && !/^url\(#[\w.-]+\)$/.test(decoded)) return "The SVG references outside content with url(), which is not allowed.";
    }
  }
  if (/<\s*\/?\s*(script|style|foreignobject|iframe|object|embed)/i.test(body)) return "The SVG contains scripts or embedded content, which is not allowed.";
  return null;
}

/** Checks an upload; throws a 400 with a readable message, or returns its real type. */
export function validateLogo(bytes: Buffer, maxBytes: number): LogoType {
  if (bytes.length === 0) throw new AppError("BAD_REQUEST", "Choose a file to upload.", { reason: "empty" });
  if (bytes.length > maxBytes) {
    throw new AppError("BAD_REQUEST", `The logo is ${Math.ceil(bytes.length / 1024)} KiB; the limit is ${Math.floor(maxBytes / 1024)} KiB.`, { reason: "payload_too_large" });
  }
  const type = detectImageType(bytes);
  if (!type) throw new AppError("BAD_REQUEST", "Upload a PNG, JPEG or SVG image.", { reason: "unsupported_media_type" });
  if (type === "image/svg+xml") {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    const problem = svgProblem(text);
    if (problem) throw new AppError("BAD_REQUEST", problem, { reason: "unsafe_svg" });
  }
  return type;
}
