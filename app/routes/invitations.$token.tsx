import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { InvitationAnswer } from "~/components/invitation-answer";
import { LinkGone } from "~/components/link-gone";
import type { Ctx } from "~/domain/context.server";
import { acceptInvitation, declineInvitation, describeInvitation, type InvitationView } from "~/domain/organisations";
import { getT } from "~/locales/i18n";
import { getCtx, toResponse } from "~/web/request.server";
import { invitationPageResponse, isForbidden, isNotFound, openInvitation, type OpenInvitation } from "~/web/invitation-page.server";

// An invitation to join an organisation, opened from its email. Opening only shows the page (mail
// scanners follow links); the buttons POST and work without JavaScript. Accepting needs a session
// of the invited address; declining needs only the link. Invalid, expired, revoked and used links
// all get the same "no longer works" page with 404, so the link tells nothing more than it must.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.invitations.metaTitle")} · Noaber` },
  { name: "robots", content: "noindex" },
];

// The page holds a one-time link: never kept by a shared cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

type Page =
  | OpenInvitation<InvitationView>
  | { state: "accepted"; organisation: { name: string; slug: string }; role: "member" | "admin" }
  | { state: "declined"; organisation: { name: string; slug: string } };

const respond = (page: Page, locale: "nl" | "en") => invitationPageResponse(page, locale);

const openPage = (ctx: Ctx, token: string): Promise<Page> =>
  openInvitation(ctx, `/invitations/${token}`, () => describeInvitation({ ctx, input: { token } }));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  return respond(await openPage(ctx, params.token ?? ""), ctx.locale);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const token = params.token ?? "";
  const intent = (await request.formData()).get("intent");
  try {
    if (intent === "decline") {
      const { organisation } = await declineInvitation({ ctx, input: { token } });
      return respond({ state: "declined", organisation }, ctx.locale);
    }
    // Signed out: the page shows the way to sign in and come back.
    if (intent === "accept" && ctx.actor) {
      const { organisation, role } = await acceptInvitation({ ctx, input: { token } });
      return respond({ state: "accepted", organisation, role }, ctx.locale);
    }
  } catch (error) {
    if (isNotFound(error)) return respond({ state: "gone" }, ctx.locale);
    // Signed in with another address: the page says for whom the invitation is.
    if (!isForbidden(error)) return toResponse(error, request);
  }
  return respond(await openPage(ctx, token), ctx.locale);
}

export default function InvitationPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { page } = acted ?? loaded;
  const { t } = useTranslation();

  if (page.state === "gone") {
    return (
      <LinkGone
        title={t("community.invitations.goneTitle")}
        text={t("community.invitations.goneText")}
        home={t("community.invitations.goHome")}
      />
    );
  }

  if (page.state === "accepted" || page.state === "declined") {
    const accepted = page.state === "accepted";
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t(accepted ? "community.invitations.acceptedTitle" : "community.invitations.declinedTitle")}</h1>
        <p role="status" className="alert alert--ok">
          {accepted
            ? t(`community.invitations.accepted.${page.role}`, { organisation: page.organisation.name })
            : t("community.invitations.declinedText", { organisation: page.organisation.name })}
        </p>
        <p>
          <Link to={`/organisations/${page.organisation.slug}`} className="utrecht-link">
            {t("community.invitations.goOrganisation", { organisation: page.organisation.name })}
          </Link>
        </p>
      </section>
    );
  }

  const { invitation, signIn } = page;
  const organisation = invitation.organisation.name;
  return (
    <section className="stack narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title" className="utrecht-heading-1">
        {t("community.invitations.title", { organisation })}
      </h1>
      <p className="utrecht-paragraph">{t(`community.invitations.intro.${invitation.role}`, { organisation })}</p>
      <p className="utrecht-paragraph">{t(`community.invitations.roleText.${invitation.role}`)}</p>
      <p className="utrecht-paragraph">
        {t("community.invitations.forAddress", { email: invitation.maskedEmail })}{" "}
        {t("community.invitations.expires", { date: invitation.expires })}
      </p>
      <InvitationAnswer
        viewer={invitation.viewer}
        signIn={signIn}
        texts={{
          accept: t("community.invitations.accept"),
          otherAccount: t("community.invitations.otherAccount", { email: invitation.maskedEmail }),
          signInText: t("community.invitations.signInText"),
          signIn: t("community.invitations.signIn"),
        }}
      />
      <p className="utrecht-paragraph">{t("community.invitations.declineText")}</p>
      <Form method="post">
        <button type="submit" name="intent" value="decline" className="button button--secondary utrecht-button">
          {t("community.invitations.decline")}
        </button>
      </Form>
    </section>
  );
}
