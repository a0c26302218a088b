import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { Conflict } from "~/domain/errors";
import { listOpenRequestsNearMe, offerHelp } from "~/domain/help";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("helpRequest.open.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  return { locale: ctx.locale, ...(await listOpenRequestsNearMe({ ctx })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = Number((await request.formData()).get("requestId")) || 0;
  try {
    await offerHelp({ ctx, input: { id } });
  } catch (error) {
    if (error instanceof Conflict) return data({ message: error.message }, { status: 409 });
    toResponse(error, request);
  }
  return redirect(`/requests/${id}?offered`);
}

export default function OpenRequestsPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("helpRequest.open.title")}</h1>
      {actionData?.message ? (
        <p role="alert" className="alert alert--error">
          {t(actionData.message)}
        </p>
      ) : null}
      {!loaded.isVolunteer ? (
        <>
          <p className="utrecht-paragraph">{t("helpRequest.open.notVolunteer")}</p>
          <p>
            <Link to="/me/volunteer">{t("helpRequest.open.makeProfile")}</Link>
          </p>
        </>
      ) : loaded.paused ? (
        <>
          <p className="utrecht-paragraph">{t("helpRequest.open.paused")}</p>
          <p>
            <Link to="/me/volunteer">{t("helpRequest.open.changePause")}</Link>
          </p>
        </>
      ) : loaded.requests.length === 0 ? (
        <p className="utrecht-paragraph">{t("helpRequest.open.empty")}</p>
      ) : (
        <>
          <p className="utrecht-paragraph">{t("helpRequest.open.intro")}</p>
          <ul className="cards">
            {loaded.requests.map((r) => (
              <li key={r.id} className="card stack">
                <h2 className="utrecht-heading-3">
                  <Link to={`/requests/${r.id}`}>{t(`helpRequests.kinds.${r.kind}`)}</Link>
                </h2>
                <p>
                  {t("helpRequest.page.neighbourhood")}: {r.neighbourhood}
                </p>
                <ul>
                  {r.windows.slice(0, 5).map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
                <p className="utrecht-paragraph">{r.publicText}</p>
                {r.invite ? (
                  <p>{t(`helpRequest.page.inviteStatus.${r.invite}`)}</p>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="requestId" value={r.id} />
                    <button type="submit" className="button button--primary utrecht-button">
                      {t("helpRequest.page.offer")}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
