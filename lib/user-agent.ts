// A small user-agent reader for the account page and new-device alerts: the browser family and
// the operating system, no versions (they change with every update and would make a known device
// look new). Order matters: Edge, Opera and Samsung Internet also say "Chrome", Chrome says
// "Safari", and iPadOS may say "Macintosh".

export type Device = { browser: string; os: string };

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bVivaldi\//, "Vivaldi"],
  [/\bYaBrowser\//, "Yandex Browser"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bCriOS\/|\bChrome\/|\bChromium\/|HeadlessChrome\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bcurl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(iPhone|iPod)\b/, "iOS"],
  [/\biPad\b/, "iPadOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

function match(table: [RegExp, string][], userAgent: string): string | undefined {
  return table.find(([pattern]) => pattern.test(userAgent))?.[1];
}

export function parseUserAgent(userAgent: string | null | undefined): Device {
  // Only the start is read: a user agent is whatever the client sends, of any length.
  const ua = (userAgent ?? "").slice(0, 512);
  return { browser: match(BROWSERS, ua) ?? "Unknown browser", os: match(SYSTEMS, ua) ?? "Unknown system" };
}
