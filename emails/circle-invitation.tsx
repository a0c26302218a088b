import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { EmailLayout, emailStyles } from "./layout";

/**
 * An invitation to a care circle: who invites, the link and how long it works. Never the circle's
 * name or the person cared for (no care details in email, decision 048): the page behind the link
 * shows those to the holder of the link.
 */
export const circleInvitationProps = z.object({
  inviterName: z.string(),
  expiresInDays: z.number().int().positive(),
});
export const circleInvitationSecrets = z.object({ link: z.string().url() });

type Props = z.infer<typeof circleInvitationProps> & z.infer<typeof circleInvitationSecrets> & { t: TFunction; locale: string };

export function CircleInvitationEmail({ t, locale, inviterName, expiresInDays, link }: Props) {
  const intro = t("circles.invitationEmail.intro", { name: inviterName });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("circles.invitationEmail.greeting")}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>{t("circles.invitationEmail.what")}</Text>
      <Button href={link} style={emailStyles.button}>
        {t("circles.invitationEmail.button")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("circles.invitationEmail.expiry", { days: expiresInDays })}</Text>
      <Text style={emailStyles.muted}>{t("circles.invitationEmail.notYou")}</Text>
    </EmailLayout>
  );
}

CircleInvitationEmail.PreviewProps = {
  inviterName: "Carla de Vries",
  expiresInDays: 14,
  link: "http://localhost:3000/circle-invitations/preview",
} satisfies Omit<Props, "t" | "locale">;
