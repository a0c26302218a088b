import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FormErrors, TextAreaField, useIntentForm } from "~/components/forms";
import { messageSchema } from "~/domain/conversations/shared";
import { useTranslation } from "~/locales/i18n-react";

// A conversation's messages and its "new message" form, the same on a circle's page and on a help
// request's. Names only: nobody's email address or phone number is ever shown here.

export interface ThreadMessage {
  id: number;
  mine: boolean;
  author: string | null;
  body: string;
  at: string;
  iso: string;
  isNew: boolean;
  readBy: string[] | null;
}

export interface ThreadView {
  messages: ThreadMessage[];
  unread: number;
  olderBefore: number | null;
  isNewest: boolean;
  mayWrite: boolean;
}

/** Who wrote a message or an update, and when: names only, a neutral label for an erased author. */
export function PostMeta({ post }: { post: { mine: boolean; author: string | null; at: string; iso: string; isNew?: boolean } }) {
  const { t } = useTranslation();
  return (
    <p className="message__meta">
      <strong>{post.mine ? t("conversations.list.you") : (post.author ?? t("conversations.list.erased"))}</strong>{" "}
      <time dateTime={post.iso}>{post.at}</time>
      {post.isNew ? <span className="message__new"> {t("conversations.list.new")}</span> : null}
    </p>
  );
}

/** The list of messages, oldest first, with links to older and to the newest messages. */
export function MessageList({ view }: { view: ThreadView }) {
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="messages-heading">
      <h2 id="messages-heading" className="utrecht-heading-2">
        {t("conversations.list.heading")}
      </h2>
      {view.unread > 0 ? <p className="utrecht-paragraph">{t("conversations.list.unread", { count: view.unread })}</p> : null}
      {view.olderBefore !== null ? (
        <p>
          <Link to={`?before=${view.olderBefore}`} className="utrecht-link">
            {t("conversations.list.older")}
          </Link>
        </p>
      ) : null}
      {view.messages.length === 0 ? (
        <p className="utrecht-paragraph">{t("conversations.list.empty")}</p>
      ) : (
        <ol className="message-list">
          {view.messages.map((m) => (
            <li key={m.id} className={m.mine ? "message message--mine" : "message"}>
              <PostMeta post={m} />
              <p className="message__body">{m.body}</p>
              {m.readBy ? (
                <p className="message__read">
                  {m.readBy.length ? t("conversations.list.readBy", { names: m.readBy.join(", ") }) : t("conversations.list.notRead")}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {!view.isNewest ? (
        <p>
          <Link to="?" className="utrecht-link">
            {t("conversations.list.newest")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

const LABELS = {
  form: {
    heading: "conversations.form.heading",
    body: "conversations.form.body",
    hint: "conversations.form.bodyHint",
    send: "conversations.form.send",
  },
  updates: {
    heading: "conversations.updates.heading",
    body: "conversations.updates.body",
    hint: "conversations.updates.bodyHint",
    send: "conversations.updates.post",
  },
};

/**
 * The form that posts a message (or an update: `labels`). Without JavaScript it is a plain post;
 * after an error the text stays and the error shows next to the field.
 */
export function PostForm({
  result,
  labels = "form",
  intent = "send",
}: {
  result: SubmissionResult<string[]> | undefined;
  labels?: "form" | "updates";
  intent?: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm(`post-${labels}`, messageSchema, result);
  const keys = LABELS[labels];
  return (
    <section className="stack" aria-labelledby={`${form.id}-heading`}>
      <h2 id={`${form.id}-heading`} className="utrecht-heading-2">
        {t(keys.heading)}
      </h2>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <TextAreaField field={fields.body} label={t(keys.body)} hint={t(keys.hint)} rows={4} />
        <div>
          <button type="submit" name="intent" value={intent} className="button button--primary utrecht-button">
            {t(keys.send)}
          </button>
        </div>
      </Form>
    </section>
  );
}
