import { Button, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { helpRequestKinds } from "~/domain/vocabulary";
import { EmailLayout, emailStyles } from "./layout";

/** Help-request mail never carries care details: only the kind of help, and a link to sign in. */
export const helpNoticeVariants = ["received", "asked", "filled", "matched", "offer", "sessionCancelled", "matchEnded", "waiting"] as const;

export const helpNoticeProps = z.object({
  variant: z.enum(helpNoticeVariants),
  name: z.string(),
  kind: z.enum(helpRequestKinds),
  url: z.string().url(),
});

type Props = z.infer<typeof helpNoticeProps> & { t: TFunction; locale: string };

export function HelpNoticeEmail({ t, locale, variant, name, kind, url }: Props) {
  const intro = t(`helpEmail.${variant}.intro`, { kind: t(`helpRequests.kinds.${kind}`).toLowerCase() });
  return (
    <EmailLayout t={t} locale={locale} preview={intro}>
      <Text style={emailStyles.paragraph}>{t("helpEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{intro}</Text>
      <Button href={url} style={emailStyles.button}>
        {t("helpEmail.open")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("helpEmail.noDetails")}</Text>
    </EmailLayout>
  );
}

HelpNoticeEmail.PreviewProps = {
  variant: "asked",
  name: "Willem de Boer",
  kind: "respite",
  url: "http://localhost:3000/requests/1",
} satisfies Omit<Props, "t" | "locale">;
