import type { TFunction } from "i18next";
import type { ReactElement } from "react";
import type { z } from "zod";
import { SignInEmail, signInProps, signInSecrets } from "./sign-in";

interface TemplateDefinition<P extends z.ZodTypeAny, S extends z.ZodTypeAny> {
  props: P;
  secrets: S;
  /** Essential mail (sign-in, changes to what you signed up for) cannot be switched off. */
  essential: boolean;
  subject: (t: TFunction, props: z.infer<P>) => string;
  render: (args: z.infer<P> & z.infer<S> & { t: TFunction; locale: string; timeZone: string }) => ReactElement;
}

function define<P extends z.ZodTypeAny, S extends z.ZodTypeAny>(d: TemplateDefinition<P, S>) {
  return d;
}

/** Every email Noaber sends: key → props schema, subject and template. */
export const emailTemplates = {
  "sign-in": define({
    props: signInProps,
    secrets: signInSecrets,
    essential: true,
    subject: (t) => t("email.signIn.subject"),
    render: (args) => SignInEmail(args),
  }),
};

export type EmailTemplate = keyof typeof emailTemplates;
export type EmailProps<T extends EmailTemplate> = {
  public: z.input<(typeof emailTemplates)[T]["props"]>;
  secret: z.input<(typeof emailTemplates)[T]["secrets"]>;
};

export function isEmailTemplate(name: string): name is EmailTemplate {
  return Object.hasOwn(emailTemplates, name);
}
