import { Form } from "@remix-run/react";

/**
 * The open invitations on a members page (an organisation's or a care circle's): for each, the
 * masked address, the role and the expiry, and a button that revokes it (a POST with
 * `intent=revoke` and `invitationId`, without JavaScript too). Each page passes its own words.
 */
export function OpenInvitations({
  invitations,
  texts,
}: {
  invitations: { id: number; maskedEmail: string; role: string; expires: string }[];
  texts: {
    title: string;
    none: string;
    /** "member, works until 12 Dec" for one invitation. */
    details: (invitation: { role: string; expires: string }) => string;
    revoke: string;
    revokeFor: (email: string) => string;
  };
}) {
  return (
    <>
      <h2 className="utrecht-heading-2">{texts.title}</h2>
      {invitations.length === 0 ? (
        <p className="utrecht-paragraph">{texts.none}</p>
      ) : (
        <ul className="cards">
          {invitations.map((i) => (
            <li key={i.id} className="card stack">
              <p className="utrecht-paragraph">
                <strong>{i.maskedEmail}</strong>
                <br />
                {texts.details(i)}
              </p>
              <Form method="post">
                <input type="hidden" name="invitationId" value={i.id} />
                <button
                  type="submit"
                  name="intent"
                  value="revoke"
                  className="button button--secondary utrecht-button"
                  aria-label={texts.revokeFor(i.maskedEmail)}
                >
                  {texts.revoke}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
