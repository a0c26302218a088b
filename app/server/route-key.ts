/**
 * What a request asks for, whatever the spelling of its URL: percent-decoded, lower-case, repeated
 * slashes collapsed, Remix's single-fetch `.data` suffix and a trailing slash removed
 * (`/LOGIN/`, `/%6cogin`, `/login.data` and `//login` all become `/login`; `/_root.data` is `/`).
 * Rate limits and body limits are keyed on this, so they hold for every spelling the router accepts.
 */
export function normalisePath(rawPath: string): string {
  let path = rawPath.split(/[?#]/)[0] ?? "";
  // Decode until stable (at most a few rounds): a double-encoded spelling must not slip past.
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(path);
    } catch {
      break;
    }
    if (next === path) break;
    path = next;
  }
  path = path
    .toLowerCase()
    .replace(/\\/g, "/")
    .replace(/\/{2,}/g, "/");
  path = path.replace(/\.data$/, "");
  if (path === "/_root") path = "/";
  path = path.replace(/\/+$/, "");
  return path.startsWith("/") ? path || "/" : `/${path}`;
}
