import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CircleNav } from "~/components/circles/circle-nav";
import { PostForm, PostMeta } from "~/components/conversations/thread";
import { useTranslation } from "~/locales/i18n-react";
import type { action, loader } from "./circles.$id.updates";

export default function CircleUpdatesPage() {
  const { board, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow conversation">
      <CircleNav circleId={board.circle.id} name={board.circle.name} />
      <h1 className="utrecht-heading-1">{t("conversations.updates.title")}</h1>
      <p className="utrecht-paragraph">{t("conversations.updates.intro")}</p>
      {notice ? (
        <p role="status" className="alert alert--ok">
          {t(`conversations.updates.${notice}`)}
        </p>
      ) : null}
      {board.mayPost ? (
        <PostForm result={actionData?.result as SubmissionResult<string[]> | undefined} labels="updates" intent="post" />
      ) : (
        <p className="utrecht-paragraph">{t("conversations.updates.onlyLeads")}</p>
      )}
      <section className="stack" aria-labelledby="updates-heading">
        <h2 id="updates-heading" className="utrecht-heading-2">
          {t("conversations.updates.listHeading")}
        </h2>
        {board.updates.length === 0 ? (
          <p className="utrecht-paragraph">{t("conversations.updates.empty")}</p>
        ) : (
          <ol className="message-list">
            {board.updates.map((u) => (
              <li key={u.id} className="message">
                <PostMeta post={u} />
                <p className="message__body">{u.body}</p>
                {u.mine ? (
                  <Form method="post">
                    <input type="hidden" name="updateId" value={u.id} />
                    <button type="submit" name="intent" value="delete" className="button button--secondary utrecht-button">
                      {t("conversations.updates.delete")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {board.olderBefore !== null ? (
          <p>
            <Link to={`?before=${board.olderBefore}`} className="utrecht-link">
              {t("conversations.updates.older")}
            </Link>
          </p>
        ) : null}
        {!board.isNewest ? (
          <p>
            <Link to="?" className="utrecht-link">
              {t("conversations.updates.newest")}
            </Link>
          </p>
        ) : null}
      </section>
    </section>
  );
}
