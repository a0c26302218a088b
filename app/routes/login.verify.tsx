import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Validation } from "~/domain/errors";
import { signInWithLink } from "~/domain/sign-in.server";
import { redirectAfterSignIn } from "~/utils/auth.server";
import { getT } from "~/utils/i18n";
import { getCtx } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("verify.title")} · Noaber` }];

// Opening the link only shows this page: mail scanners that follow links must not use them up.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  return { locale: ctx.locale, token: new URL(request.url).searchParams.get("token") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const token = (await request.formData()).get("token");
  try {
    const result = await signInWithLink({ ctx, input: { token: typeof token === "string" ? token : "" } });
    return redirectAfterSignIn(context, result, null);
  } catch (error) {
    if (error instanceof Validation) return data({ invalid: true }, { status: 400 });
    throw error;
  }
}

export default function VerifyPage() {
  const { token } = useLoaderData<typeof loader>();
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
      <p className="utrecht-paragraph">{t("verify.text")}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("verify.submit")}
        </button>
      </Form>
    </section>
  );
}
