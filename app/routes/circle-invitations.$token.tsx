import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { InvitationAnswer } from "~/components/invitation-answer";
import { LinkGone } from "~/components/link-gone";
import type { Ctx } from "~/domain/context.server";
import { acceptCircleInvitation, describeCircleInvitation, type CircleInvitationView, type CircleRole } from "~/domain/circles";
import { getT } from "~/locales/i18n";
import { getCtx, toResponse } from "~/web/request.server";
import { invitationPageResponse, isForbidden, isNotFound, openInvitation, type OpenInvitation } from "~/web/invitation-page.server";

// An invitation to a care circle, opened from its email (decision 048). Opening only shows the page
// (mail scanners follow links); accepting is a POST that works without JavaScript and needs a
// session of the invited address. The circle's name is shown only to the holder of a valid link;
// invalid, expired, revoked and used links all get the same "no longer works" page with 404.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("circles.invitation.metaTitle")} · Noaber` },
  { name: "robots", content: "noindex" },
];

// The page holds a one-time link: never kept by a shared cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

type Page =
  OpenInvitation<CircleInvitationView> | { state: "accepted"; circle: { id: number; name: string }; role: CircleRole; already: boolean };

const respond = (page: Page, locale: "nl" | "en") => invitationPageResponse(page, locale);

const openPage = (ctx: Ctx, token: string): Promise<Page> =>
  openInvitation(ctx, `/circle-invitations/${token}`, () => describeCircleInvitation({ ctx, input: { token } }));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  return respond(await openPage(ctx, params.token ?? ""), ctx.locale);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const token = params.token ?? "";
  const intent = (await request.formData()).get("intent");
  try {
    // Signed out: the page shows the way to sign in and come back.
    if (intent === "accept" && ctx.actor) {
      const accepted = await acceptCircleInvitation({ ctx, input: { token } });
      return respond({ state: "accepted", ...accepted }, ctx.locale);
    }
  } catch (error) {
    if (isNotFound(error)) return respond({ state: "gone" }, ctx.locale);
    // Signed in with another address: the page says for whom the invitation is.
    if (!isForbidden(error)) return toResponse(error, request);
  }
  return respond(await openPage(ctx, token), ctx.locale);
}

export default function CircleInvitationPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { page } = acted ?? loaded;
  const { t } = useTranslation();

  if (page.state === "gone") {
    return (
      <LinkGone title={t("circles.invitation.goneTitle")} text={t("circles.invitation.goneText")} home={t("circles.invitation.goHome")} />
    );
  }

  if (page.state === "accepted") {
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t("circles.invitation.acceptedTitle")}</h1>
        <p role="status" className="alert alert--ok">
          {t(page.already ? "circles.invitation.already" : "circles.invitation.accepted", { name: page.circle.name })}
        </p>
        <p>
          <Link to={`/circles/${page.circle.id}/members`} className="utrecht-link">
            {t("circles.invitation.goCircle")}
          </Link>
        </p>
      </section>
    );
  }

  const { invitation, signIn } = page;
  const name = invitation.circle.name;
  return (
    <section className="stack narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title" className="utrecht-heading-1">
        {t("circles.invitation.title", { name })}
      </h1>
      <p className="utrecht-paragraph">{t("circles.invitation.intro", { name, role: t(`circles.roles.${invitation.role}`) })}</p>
      <p className="utrecht-paragraph">{t(`circles.roleText.${invitation.role}`)}</p>
      <p className="utrecht-paragraph">
        {t("circles.invitation.forAddress", { email: invitation.maskedEmail })}{" "}
        {t("circles.invitation.expires", { date: invitation.expires })}
      </p>
      <InvitationAnswer
        viewer={invitation.viewer}
        signIn={signIn}
        texts={{
          accept: t("circles.invitation.accept"),
          otherAccount: t("circles.invitation.otherAccount", { email: invitation.maskedEmail }),
          signInText: t("circles.invitation.signInText"),
          signIn: t("circles.invitation.signIn"),
        }}
      />
    </section>
  );
}
