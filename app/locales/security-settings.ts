// /me/security (a person's passkeys, authenticator app, recovery codes, sign-ins and security log)
// and the admins' staff security pages. Plain B1 words and "u", like the rest of Noaber.
import type { Shape } from "./shape";

const nl = {
  securitySettings: {
    title: "Beveiliging",
  },
};

const en: Shape<typeof nl> = {
  securitySettings: {
    title: "Security",
  },
};

export const securitySettingsMessages = { nl, en };
