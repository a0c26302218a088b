import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PrivacyRightsList } from "~/components/privacy-rights-list";
import { RetentionTable } from "~/components/retention-table";
import { Statement } from "~/components/statement";
import { PRIVACY_STATEMENT_VERSION } from "~/domain/accounts/shared";
import { RETENTION } from "~/domain/privacy/shared";
import { getT } from "~/locales/i18n";
import { getCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("privacy.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  // The local mailbox exists only in demos and development: production's statement says nothing of it.
  const retention = RETENTION.filter((entry) => entry.key !== "localMailbox" || context.services.env.mailboxEnabled).map((e) => e.key);
  return { locale: ctx.locale, version: PRIVACY_STATEMENT_VERSION, retention };
}

export default function PrivacyPage() {
  const { version, retention } = useLoaderData<typeof loader>();
  return (
    <Statement
      page="privacy"
      version={version}
      sections={["controller", "data", "purposes", "careData", "circles", "signIns", "sharing", "retention", "rights", "contact"]}
      extras={{ retention: <RetentionTable table={RETENTION.filter((e) => retention.includes(e.key))} />, rights: <PrivacyRightsList /> }}
    />
  );
}
