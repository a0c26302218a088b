/**
 * The one redirect check (`redirectTo`, `returnTo`, `backTo`, after sign-in). An open redirect
 * would let a phishing mail reuse our sign-in, so only a path on this site passes; anything else
 * becomes the fallback.
 *
 * The raw value is refused when it holds a control character (browsers drop tabs and newlines, so
 * "/\t/evil.example" becomes "//evil.example"; CR/LF would split the Location header) or a
 * backslash (browsers read "\" as "/"), also once percent-decoded. What is left is resolved against
 * the site's origin and must stay on it.
 */
const PLACEHOLDER_ORIGIN = "https://noaber.invalid";
const MAX_LENGTH = 2048;
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029]/;

function decoded(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export function safeRedirect(to: unknown, fallback = "/", origin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  const plain = decoded(to);
  if (plain === null || UNSAFE.test(to) || UNSAFE.test(plain) || plain.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin || url.username || url.password) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
