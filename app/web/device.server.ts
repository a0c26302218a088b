import Bowser from "bowser";

/**
 * A short name for the device a request came from ("Firefox · Windows"), for the person's list of
 * sign-ins. The full user agent is never stored: it says more than anyone needs.
 */
export function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const os = parsed.os.name;
  const text = [browser, os].filter(Boolean).join(" · ");
  return text ? text.slice(0, 60) : null;
}
