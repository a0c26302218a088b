const BULLETS = "•••••";

/**
 * An email address for display to someone who may not own it, e.g. "m•••••@example.org": the
 * first character, always five bullets (so the length gives nothing away) and the domain. Enough
 * to recognise one's own address, not enough to learn someone else's.
 */
export function maskAddressForDisplay(address: string): string {
  const at = address.lastIndexOf("@");
  const first = Array.from(address)[0];
  if (at < 1 || !first) return BULLETS;
  return `${first}${BULLETS}${address.slice(at)}`;
}
