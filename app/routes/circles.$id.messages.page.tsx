import type { SubmissionResult } from "@conform-to/react";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CircleNav } from "~/components/circles/circle-nav";
import { MessageList, PostForm } from "~/components/conversations/thread";
import { useTranslation } from "~/locales/i18n-react";
import type { action, loader } from "./circles.$id.messages";

export default function CircleMessagesPage() {
  const { view, sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow conversation">
      <CircleNav circleId={view.subject.id} name={view.circleName ?? ""} />
      <h1 className="utrecht-heading-1">{t("conversations.circle.title")}</h1>
      <p className="utrecht-paragraph">{t("conversations.circle.intro")}</p>
      {sent ? (
        <p role="status" className="alert alert--ok">
          {t("conversations.form.sent")}
        </p>
      ) : null}
      <MessageList view={view} />
      <PostForm result={actionData?.result as SubmissionResult<string[]> | undefined} />
    </section>
  );
}
