import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { createContext, useContext, type ReactNode } from "react";
import type { TFunction } from "~/locales/translate";

// Colours meet WCAG AA on white; mail clients ignore stylesheets, so styles are inline.
const colours = { text: "#1a1a1a", muted: "#4a4a4a", brand: "#00527a" };

/**
 * What the footer needs from the send path rather than from the template: renderEmail provides it,
 * so no template has to pass it on.
 */
export const EmailFooterContext = createContext<{ unsubscribeUrl?: string | undefined }>({});

export function EmailLayout({ t, locale, preview, children }: { t: TFunction; locale: string; preview: string; children: ReactNode }) {
  const { unsubscribeUrl } = useContext(EmailFooterContext);
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f5f5f5", fontFamily: "Arial, Helvetica, sans-serif", color: colours.text }}>
        <Container style={{ backgroundColor: "#ffffff", maxWidth: "560px", padding: "24px" }}>
          <Text style={{ fontSize: "22px", fontWeight: 700, color: colours.brand, margin: "0 0 16px" }}>{t("app.name")}</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#d0d0d0", margin: "24px 0 12px" }} />
          <Text style={{ fontSize: "13px", color: colours.muted, margin: 0 }}>{t("email.layout.footer")}</Text>
          {unsubscribeUrl ? (
            <Text style={{ fontSize: "13px", color: colours.muted, margin: "8px 0 0" }}>
              {t("notifications.email.unsubscribe")}{" "}
              <Link href={unsubscribeUrl} style={{ color: colours.brand, textDecoration: "underline" }}>
                {t("notifications.email.unsubscribeLink")}
              </Link>
            </Text>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}

export const emailStyles = {
  paragraph: { fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: colours.brand,
    color: "#ffffff",
    padding: "12px 20px",
    borderRadius: "4px",
    fontSize: "16px",
    fontWeight: 700,
    textDecoration: "none",
    display: "inline-block",
  },
  code: { fontSize: "24px", letterSpacing: "4px", fontWeight: 700, fontFamily: "monospace", margin: "0 0 16px" },
  muted: { fontSize: "14px", color: colours.muted, margin: "0 0 8px" },
};
