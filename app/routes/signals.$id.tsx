import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { signalActionSchema } from "~/domain/signals/shared";
import { changeSignal, getSignal } from "~/domain/signals";
import { Validation } from "~/domain/errors";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import signalsStyles from "~/styles/signals.css?url";
import { formPage } from "~/components/forms/form-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: signalsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.signal.title ?? ""} · ${getT(data?.locale ?? "nl")("signals.title")} · Noaber` },
];

// Figures about the neighbourhood and signal texts: never kept in a shared or back/forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const loaded = await getSignal({ ctx, input: { id: idParam(params.id) } }).catch((e) => toResponse(e, request));
  return data({ locale: ctx.locale, ...loaded }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const submission = parseWithZod(formData, { schema: signalActionSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const id = idParam(params.id);
  try {
    await changeSignal({ ctx, input: { id, action: submission.value } });
  } catch (error) {
    // Field errors next to the fields of the form that was sent; 403/404 go to the error page.
    if (!(error instanceof Validation)) toResponse(error, request);
    const { form, ...fields } = (error as Validation).fieldErrors;
    return data({ intent, result: submission.reply({ fieldErrors: fields, formErrors: form ?? [] }) }, { status: 400 });
  }
  return redirect(`/signals/${id}?updated`);
}

export default formPage(() => import("./signals.$id.page"));
