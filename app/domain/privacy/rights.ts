/**
 * The rights the privacy statement names, each with the page that serves it. /privacy renders this
 * list as links, and tests/integration/privacy-rights-routes-http.test.ts opens every one of them as
 * a signed-in person: a right without a working page fails the test.
 */
export const PRIVACY_RIGHTS = [
  { key: "see", href: "/me/data" },
  { key: "download", href: "/me/data.json" },
  { key: "correct", href: "/me" },
  { key: "withdraw", href: "/requests" },
  { key: "delete", href: "/me/delete" },
] as const;
