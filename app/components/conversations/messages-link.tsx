import { Link } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";

/**
 * "Messages (2 new)": the link to a conversation — a help request's, for those who take part in it,
 * or a circle's, for its members.
 */
export function MessagesLink({ requestId, circleId, unread }: { requestId?: number; circleId?: number; unread: number | null }) {
  const { t } = useTranslation();
  if (unread === null) return null;
  const [to, texts] =
    circleId !== undefined
      ? [`/circles/${circleId}/messages`, "conversations.circle"]
      : [`/requests/${requestId}/messages`, "conversations.request"];
  return (
    <p>
      <Link to={to} className="utrecht-link">
        {unread > 0 ? t(`${texts}.linkUnread`, { count: unread }) : t(`${texts}.link`)}
      </Link>
    </p>
  );
}
