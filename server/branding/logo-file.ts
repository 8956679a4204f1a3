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

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** An attribute value as the browser sees it (XML entities decoded); null if it uses others. */
function decodeAttribute(value: string): string | null {
  let unknown = false;
  const decoded = value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (_m, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    // Own keys only: `&constructor;` is not an XML entity.
    const named = Object.hasOwn(NAMED_ENTITIES, ref.toLowerCase()) ? NAMED_ENTITIES[ref.toLowerCase()] : undefined;
    if (named === undefined) unknown = true;
    return named ?? "";
  });
  if (unknown || /&(?![a-z#][a-z0-9]*;)/i.test(value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, ""))) return null;
  return decoded;
}

function attributeProblem(name: string, rawValue: string): string | null {
  const attrName = name.toLowerCase();
  const value = decodeAttribute(rawValue);
  if (value === null) return "The SVG uses an unknown entity in an attribute.";
  // CSS escapes (\75 rl) could hide url(...) or expression(...): plain drawings never need them.
  if (value.includes("\\")) return "The SVG uses escape sequences in an attribute, which are not allowed.";
  const squashed = value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
  if (attrName.startsWith("on")) return `The SVG has an event handler (${name}), which is not allowed.`;
  if ((attrName === "href" || attrName.endsWith(":href")) && !value.trim().startsWith("#")) {
    return "The SVG links to another document or image; only links inside the file (#id) are allowed.";
  }
  if (/(java|vb)script:|data:/.test(squashed)) return "The SVG contains a script or data URL, which is not allowed.";
  if (attrName === "style" && /expression|@import|behavior/.test(squashed)) return "The SVG has a style that loads other content, which is not allowed.";
  for (const url of squashed.matchAll(/url\(([^)]*)\)?/g)) {
    if (!/^["']?#[\w.-]+["']?$/.test(url[1] ?? "")) return "The SVG references outside content with url(), which is not allowed.";
  }
  return null;
}

/**
 * Why this SVG is refused, in words for the person uploading it; null when it is plain drawing.
 * A small XML tokenizer walks the markup the way a parser does (comments, tags, quoted
 * attributes), so nothing can be hidden from it inside a comment or an attribute.
 */
export function svgProblem(source: string): string | null {
  let i = source.replace(/^\uFEFF/, "").match(/^\s*(<\?xml\s[^?]*\?>)?/)![0].length;
  const text = source.replace(/^\uFEFF/, "");
  let depth = 0;
  let sawRoot = false;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt === -1) break;
    if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt + 4);
      if (end === -1) return "The SVG has an unterminated comment.";
      i = end + 3;
      continue;
    }
    if (text.startsWith("<![CDATA[", lt)) return "The SVG contains a CDATA section, which is not allowed.";
    if (text.startsWith("<!", lt)) return "The SVG declares a DOCTYPE or entities, which are not allowed.";
    if (text.startsWith("<?", lt)) return "The SVG contains processing instructions, which are not allowed.";
    const closing = text[lt + 1] === "/";
    const nameMatch = /^[A-Za-z_][\w:.-]*/.exec(text.slice(lt + (closing ? 2 : 1), lt + 200));
    if (!nameMatch) return "The SVG is not well-formed.";
    const name = nameMatch[0];
    const local = name.toLowerCase();
    if (name.includes(":") || !SVG_ELEMENTS.has(local)) return `The SVG contains a <${name}> element, which is not allowed in a logo.`;
    if (!sawRoot && local !== "svg") return "The file does not start with an <svg> element.";
    sawRoot = true;
    let j = lt + (closing ? 2 : 1) + name.length;
    // Attributes: name="value" or name='value'; a quoted value may not contain "<" (XML forbids it).
    for (;;) {
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (j >= text.length) return "The SVG is not well-formed.";
      if (text[j] === ">" || text.startsWith("/>", j)) {
        const selfClosing = text[j] === "/";
        j += selfClosing ? 2 : 1;
        if (closing) depth--;
        else if (!selfClosing) depth++;
        break;
      }
      if (closing) return "The SVG is not well-formed.";
      const attr = /^([^\s=/>"']+)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(j, j + 100_000));
      if (!attr) return "The SVG is not well-formed (attributes must be quoted).";
      const problem = attributeProblem(attr[1]!, attr[3] ?? attr[4] ?? "");
      if (problem) return problem;
      j += attr[0].length;
    }
    i = j;
    if (depth < 0) return "The SVG is not well-formed.";
  }
  if (!sawRoot) return "The file does not contain an <svg> element.";
  return null;
}

/** Checks an upload; throws a 400 with a readable message, or returns its real type. */
export function validateLogo(bytes: Buffer, maxBytes: number): LogoType {
  if (bytes.length === 0) throw new AppError("BAD_REQUEST", "The file is empty (0 bytes). Choose the image file itself.", { reason: "empty" });
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
