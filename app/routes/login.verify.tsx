import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "~/locales/i18n-react";
import { Validation } from "~/domain/errors";
import { peekSignInLink, signInWithLink } from "~/domain/accounts";
import { redirectAfterSignIn } from "~/web/auth.server";
import { getT } from "~/locales/i18n";
import { maskAddressForDisplay } from "~/domain/accounts/shared";
import { getCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("verify.title")} · Noaber` }];

/**
 * Opening the link only shows this page: mail scanners that follow links must not use them up.
 * It says which account the button signs into (masked), so a link mailed by someone else cannot
 * sign a person into a stranger's account unnoticed. A link that no longer works says so at once.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const open = await peekSignInLink({ ctx, input: { token } });
  if (!open) return data({ locale: ctx.locale, token: "", account: "" }, { status: 400 });
  return { locale: ctx.locale, token, account: maskAddressForDisplay(open.email) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const token = (await request.formData()).get("token");
  try {
    const result = await signInWithLink({ ctx, input: { token: typeof token === "string" ? token : "" } });
    return redirectAfterSignIn(ctx, context, result, null);
  } catch (error) {
    if (error instanceof Validation) return data({ invalid: true }, { status: 400 });
    throw error;
  }
}

export default function VerifyPage() {
  const { token, account } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!token || actionData?.invalid) {
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t("verify.invalidTitle")}</h1>
        <p className="utrecht-paragraph">{t("verify.invalidText")}</p>
        <p>
          <Link to="/login" className="utrecht-link">
            {t("verify.newLink")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("verify.title")}</h1>
      <p className="utrecht-paragraph">
        <Trans i18nKey="verify.account" values={{ account }} components={{ strong: <strong /> }} />
      </p>
      <p className="utrecht-paragraph">{t("verify.notYou")}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("verify.submit")}
        </button>
      </Form>
    </section>
  );
}
