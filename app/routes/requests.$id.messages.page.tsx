import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MessageList, PostForm } from "~/components/conversations/thread";
import { useTranslation } from "~/locales/i18n-react";
import type { action, loader } from "./requests.$id.messages";

export default function RequestMessagesPage() {
  const { view, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const back = view.role === "coordinator" ? `/coordinator/requests/${view.subject.id}` : `/requests/${view.subject.id}`;
  return (
    <section className="stack narrow conversation">
      <p>
        <Link to={back} className="utrecht-link">
          {t("conversations.request.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("conversations.request.title")}</h1>
      <p className="utrecht-paragraph">{t("conversations.request.intro")}</p>
      {notice ? (
        <p role="status" className="alert alert--ok">
          {t(notice === "sent" ? "conversations.form.sent" : `conversations.request.${notice}Notice`)}
        </p>
      ) : null}
      {view.closed ? (
        <p className="alert conversation__closed">
          <strong>{t("conversations.request.closed")}</strong>
        </p>
      ) : !view.mayWrite ? (
        <p className="alert conversation__closed">{t("conversations.request.readOnly")}</p>
      ) : null}
      <MessageList view={view} />
      {view.mayWrite ? <PostForm result={actionData?.result as SubmissionResult<string[]> | undefined} /> : null}
      {view.mayClose ? (
        <Form method="post">
          <button type="submit" name="intent" value={view.closed ? "reopen" : "close"} className="button button--secondary utrecht-button">
            {t(view.closed ? "conversations.request.reopen" : "conversations.request.close")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
