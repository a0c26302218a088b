import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { EmailLayout, emailStyles } from "./layout";

/** "New update in your circle" (decision 048): a link only, never the text or the circle's name. */
export const circleUpdateProps = z.object({
  name: z.string(),
  url: z.string().url(),
});

type Props = z.infer<typeof circleUpdateProps> & { t: TFunction; locale: string };

export function CircleUpdateEmail({ t, locale, name, url }: Props) {
  const intro = t("conversations.email.updateIntro");
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("conversations.email.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("conversations.email.updateOpen")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("conversations.email.noDetails")}</Text>
    </EmailLayout>
  );
}

CircleUpdateEmail.PreviewProps = {
  name: "Willem de Boer",
  url: "http://localhost:3000/circles/1/updates",
} satisfies Omit<Props, "t" | "locale">;
