import { render, toPlainText } from "@react-email/render";
import type { Locale } from "~/locales/i18n";
import { getT } from "~/locales/i18n.server";
import type { ZodTypeAny } from "zod";
import { EmailFooterContext } from "./layout";
import { emailTemplates, isEmailTemplate, type TemplateDefinition } from "./registry";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export class EmailRenderError extends Error {
  override name = "EmailRenderError";
}

/** Renders a template to subject, HTML and plain text in the recipient's language and zone. */
export async function renderEmail(args: {
  template: string;
  locale: Locale;
  timeZone: string;
  props: unknown;
  secrets: unknown;
  /** Optional mail: the one-click unsubscribe link (from the send-time guard), shown in the footer. */
  unsubscribeUrl?: string | undefined;
}): Promise<RenderedEmail> {
  if (!isEmailTemplate(args.template)) throw new EmailRenderError(`Unknown email template ${args.template}`);
  // Each template checks its own props below, so the union can be handled as one shape here.
  const definition = emailTemplates[args.template] as unknown as TemplateDefinition<ZodTypeAny, ZodTypeAny>;
  const props = definition.props.safeParse(args.props);
  const secrets = definition.secrets.safeParse(args.secrets ?? {});
  if (!props.success || !secrets.success) throw new EmailRenderError(`Invalid props for email ${args.template}`);
  const t = getT(args.locale);
  const element = (
    <EmailFooterContext.Provider value={{ unsubscribeUrl: args.unsubscribeUrl }}>
      {definition.render({ ...props.data, ...secrets.data, t, locale: args.locale, timeZone: args.timeZone })}
    </EmailFooterContext.Provider>
  );
  // One React render: the plain-text part is derived from the HTML (what `plainText: true` does
  // internally after a second render).
  const html = await render(element);
  const text = toPlainText(html);
  return { subject: definition.subject(t, props.data), html, text };
}
