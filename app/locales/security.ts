// The second factor: /login/second-factor (verify and enrol), /me/security, the admins' staff
// security page, and the reset email. Plain B1 words ("passkey", "app met codes",
// "herstelcodes") and "u", like the rest of Noaber.
import type { Shape } from "./shape";

const nl = {
  security: {
    lastFactor: "Dit is uw laatste manier om te bevestigen. Voeg eerst een andere toe.",
    noFactor: "Voeg eerst een passkey of een app met codes toe.",
    totp: { alreadyOn: "De app met codes staat al aan." },
    reset: { notYourself: "U kunt uw eigen tweede stap niet terugzetten. Vraag een andere beheerder." },
  },
  securityEmail: {
    reset: {
      subject: "Uw tweede stap bij Noaber is teruggezet",
      preview: "Een beheerder heeft uw tweede stap teruggezet.",
      intro: "Een beheerder heeft op {{when}} uw passkeys, uw app met codes en uw herstelcodes verwijderd. U bent overal uitgelogd.",
      next: "Log opnieuw in met uw e-mailadres. Daarna voegt u een nieuwe passkey of app met codes toe.",
      button: "Inloggen",
      notExpected: "Hebt u hier niet om gevraagd? Neem dan meteen contact op met de beheerder van Noaber.",
    },
  },
};

const en: Shape<typeof nl> = {
  security: {
    lastFactor: "This is your last way to confirm. Add another one first.",
    noFactor: "Add a passkey or an authenticator app first.",
    totp: { alreadyOn: "The authenticator app is already on." },
    reset: { notYourself: "You cannot reset your own second step. Ask another admin." },
  },
  securityEmail: {
    reset: {
      subject: "Your second step at Noaber was reset",
      preview: "An admin reset your second step.",
      intro: "On {{when}} an admin removed your passkeys, your authenticator app and your recovery codes. You were signed out everywhere.",
      next: "Sign in again with your email address. Then add a new passkey or authenticator app.",
      button: "Sign in",
      notExpected: "Did you not ask for this? Contact the Noaber admin straight away.",
    },
  },
};

export const securityMessages = { nl, en };
