import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { EmailLayout, emailStyles } from "./layout";

/** An invitation to join an organisation: its name and the role offered, nothing about anyone. */
export const organisationInvitationProps = z.object({
  organisationName: z.string(),
  role: z.enum(["member", "admin"]),
  expiresInDays: z.number().int().positive(),
});
export const organisationInvitationSecrets = z.object({ link: z.string().url() });

type Props = z.infer<typeof organisationInvitationProps> & z.infer<typeof organisationInvitationSecrets> & { t: TFunction; locale: string };

export function OrganisationInvitationEmail({ t, locale, organisationName, role, expiresInDays, link }: Props) {
  const intro = t(`community.invitationEmail.intro.${role}`, { organisation: organisationName });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("community.invitationEmail.greeting")}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Text style={emailStyles.paragraph}>{t(`community.invitations.roleText.${role}`)}</Text>
      <Button href={link} style={emailStyles.button}>
        {t("community.invitationEmail.button")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("community.invitationEmail.expiry", { days: expiresInDays })}</Text>
      <Text style={emailStyles.muted}>{t("community.invitationEmail.notYou")}</Text>
    </EmailLayout>
  );
}

OrganisationInvitationEmail.PreviewProps = {
  organisationName: "Sportvereniging Binnenstad",
  role: "member",
  expiresInDays: 14,
  link: "http://localhost:3000/invitations/preview",
} satisfies Omit<Props, "t" | "locale">;
