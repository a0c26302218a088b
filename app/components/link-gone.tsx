import { Link } from "@remix-run/react";

/**
 * The page for a link that no longer works (used, expired, revoked or never issued): one answer for
 * all of these, so it tells nothing about which; a way home.
 */
export function LinkGone({ title, text, home }: { title: string; text: string; home: string }) {
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{title}</h1>
      <p className="utrecht-paragraph">{text}</p>
      <p>
        <Link to="/" className="utrecht-link">
          {home}
        </Link>
      </p>
    </section>
  );
}
