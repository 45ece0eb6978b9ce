// Where to send a user after signing in: only a path on this site. Browsers treat `/\evil`
// like `//evil` (another host), and strip tabs and newlines from URLs, so anything but a
// plain same-origin path falls back to the user's home page.
const BASE = "http://same-origin.invalid";

export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.includes("\\")) return fallback;
  if ([...to].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // Back to the sign-in page would loop.
  if (url.pathname === "/login" || url.pathname === "/logout") return fallback;
  return url.pathname + url.search + url.hash;
}
