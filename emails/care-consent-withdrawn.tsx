import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { helpRequestKinds } from "~/domain/vocabulary";
import { EmailLayout, emailStyles } from "./layout";

/**
 * To the matched helper and the neighbourhood's coordinators after the care-details consent of a
 * request was withdrawn: only that it happened, the kind of help and a link behind sign-in. No
 * care text, no address, no name but the recipient's own.
 */
export const careConsentWithdrawnProps = z.object({
  audience: z.enum(["helper", "coordinator"]),
  name: z.string(),
  kind: z.enum(helpRequestKinds),
  url: z.string().url(),
});

type Props = z.infer<typeof careConsentWithdrawnProps> & { t: TFunction; locale: string };

export function CareConsentWithdrawnEmail({ t, locale, audience, name, kind, url }: Props) {
  const intro = t(audience === "helper" ? "careConsent.email.introHelper" : "careConsent.email.introCoordinator", {
    kind: t(`helpRequests.kinds.${kind}`).toLowerCase(),
  });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("careConsent.email.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("careConsent.email.open")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("careConsent.email.noDetails")}</Text>
    </EmailLayout>
  );
}

CareConsentWithdrawnEmail.PreviewProps = {
  audience: "helper",
  name: "Willem de Boer",
  kind: "respite",
  url: "http://localhost:3000/requests/1",
} satisfies Omit<Props, "t" | "locale">;
