import { Form, Link } from "@remix-run/react";

/**
 * What an invitation page offers, by who opens the link: the invited person accepts (a POST that
 * works without JavaScript), someone signed in with another address is told for whom it is, and a
 * visitor is shown the way to sign in and come back. Organisations and care circles share it; the
 * texts are each page's own.
 */
export function InvitationAnswer({
  viewer,
  signIn,
  texts,
}: {
  viewer: "invited" | "other" | "signed-out";
  signIn: string;
  texts: { accept: string; otherAccount: string; signInText: string; signIn: string };
}) {
  if (viewer === "invited")
    return (
      <Form method="post">
        <button type="submit" name="intent" value="accept" className="button button--primary utrecht-button">
          {texts.accept}
        </button>
      </Form>
    );
  if (viewer === "other")
    return (
      <p role="alert" className="alert">
        {texts.otherAccount}
      </p>
    );
  return (
    <>
      <p className="utrecht-paragraph">{texts.signInText}</p>
      <p>
        <Link to={signIn} className="button button--primary utrecht-button">
          {texts.signIn}
        </Link>
      </p>
    </>
  );
}
