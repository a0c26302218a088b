import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { vogStatuses, type VogStatus } from "~/domain/vocabulary";
import { vogSchema } from "~/domain/organisations/shared";
import { formatDateTime } from "~/domain/time";
import { listVolunteersForVog, setVolunteerVog } from "~/domain/accounts";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { formatLocalDate } from "~/domain/scheduling";
import { requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.vogAdmin.title")} · Noaber` },
];

const isVogStatus = (value: string | null): value is VogStatus => (vogStatuses as readonly (string | null)[]).includes(value);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const params = new URL(request.url).searchParams;
  const status = params.get("status");
  const input = { page: Number(params.get("page") ?? 1), status: isVogStatus(status) ? status : null };
  const result = await listVolunteersForVog({ ctx, input }).catch((e) => toResponse(e, request));
  return {
    locale: ctx.locale,
    status: input.status,
    ...result,
    volunteers: result.volunteers.map((v) => ({
      ...v,
      validUntilText: v.vogValidUntil ? formatLocalDate(v.vogValidUntil, ctx.locale) : null,
      setAtText: v.vogSetAt ? formatDateTime(v.vogSetAt, ctx.actor.timeZone, ctx.locale) : null,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  const userId = Number(form.get("userId"));
  const submission = parseWithZod(form, { schema: vogSchema });
  if (submission.status !== "success") return data({ userId, result: submission.reply(), saved: false }, { status: 400 });
  const outcome = await runForm(submission, () => setVolunteerVog({ ctx, input: submission.value })).catch((e) => toResponse(e, request));
  if (!outcome.ok) return data({ userId, result: (await outcome.response.data).result, saved: false }, { status: 400 });
  return { userId, result: submission.reply({ resetForm: true }), saved: true };
}

export default formPage(() => import("./coordinator_.volunteers.page"));
