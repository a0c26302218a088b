import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { EmailLayout, emailStyles } from "./layout";

/**
 * "New message" in a conversation (decision 048): a link, never the text, the circle's name or who
 * wrote it. One per person until they have read the conversation again.
 */
export const newMessageProps = z.object({
  name: z.string(),
  about: z.enum(["request", "circle"]),
  url: z.string().url(),
});

type Props = z.infer<typeof newMessageProps> & { t: TFunction; locale: string };

export function NewMessageEmail({ t, locale, name, about, url }: Props) {
  const intro = t(about === "request" ? "conversations.email.messageIntroRequest" : "conversations.email.messageIntroCircle");
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("conversations.email.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("conversations.email.messageOpen")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("conversations.email.noDetails")}</Text>
      <Text style={emailStyles.muted}>{t("conversations.email.messageOnce")}</Text>
    </EmailLayout>
  );
}

NewMessageEmail.PreviewProps = {
  name: "Willem de Boer",
  about: "circle",
  url: "http://localhost:3000/circles/1/messages",
} satisfies Omit<Props, "t" | "locale">;
