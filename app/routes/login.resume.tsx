import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { discardFormDraft, draftFormEntries, readFormDraft } from "~/domain/accounts";
import { getT } from "~/locales/i18n";
import { requireCtx, safeRedirect } from "~/web/request.server";

// After a step-up (docs/security.md): the form the person sent while their second-factor proof
// was too old, offered to send again with what they typed. Works without JavaScript: the fields go
// back as hidden inputs to the page they were sent to.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("security.resume.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = new URL(request.url).searchParams.get("draft") ?? "";
  const draft = id ? await readFormDraft({ ctx, input: { id } }) : null;
  if (!draft) return { locale: ctx.locale, id: "", path: "/", entries: [] as [string, string][] };
  return { locale: ctx.locale, id, path: safeRedirect(draft.path), entries: draftFormEntries(draft.fields) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  const id = form.get("draft");
  if (typeof id === "string" && id) await discardFormDraft({ ctx, input: { id } });
  const back = form.get("back");
  return redirect(safeRedirect(typeof back === "string" ? back : "/"));
}

export default function ResumeForm() {
  const { id, path, entries } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!id) {
    return (
      <section className="stack">
        <h1 className="utrecht-heading-1">{t("security.resume.title")}</h1>
        <p>{t("security.resume.gone")}</p>
        <p>
          <a className="utrecht-link" href="/">
            {t("errors.backHome")}
          </a>
        </p>
      </section>
    );
  }
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("security.resume.title")}</h1>
      <p>{t("security.resume.intro")}</p>
      <Form method="post" action={path} reloadDocument>
        {entries.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("security.resume.send")}
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="draft" value={id} />
        <input type="hidden" name="back" value={path} />
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("security.resume.discard")}
        </button>
      </Form>
    </section>
  );
}
