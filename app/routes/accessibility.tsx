import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Statement } from "~/components/statement";
import { getT } from "~/locales/i18n";
import { getCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("accessibility.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  return { locale: ctx.locale };
}

export default function AccessibilityPage() {
  return <Statement page="accessibility" sections={["standard", "measures", "limits", "contact"]} />;
}
