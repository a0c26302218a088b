import { Link } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";

/** "Messages (2 new)": the link to a help request's conversation, for those who take part in it. */
export function MessagesLink({ requestId, unread }: { requestId: number; unread: number | null }) {
  const { t } = useTranslation();
  if (unread === null) return null;
  return (
    <p>
      <Link to={`/requests/${requestId}/messages`} className="utrecht-link">
        {unread > 0 ? t("conversations.request.linkUnread", { count: unread }) : t("conversations.request.link")}
      </Link>
    </p>
  );
}
