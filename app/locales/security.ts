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
    resume: {
      title: "Uw formulier is nog niet verstuurd",
      intro: "U hebt bevestigd dat u het bent. Wat u invulde, is bewaard. Verstuur het nu, of laat het weg.",
      send: "Verstuur mijn formulier",
      discard: "Niet versturen",
      gone: "Dit formulier is niet meer bewaard. Na 15 minuten gooien we het weg. Vul het opnieuw in.",
    },
    login: {
      title: "Bevestig dat u het bent",
      enrolTitle: "Voeg een tweede stap toe",
      enrolWhy:
        "Als coördinator of beheerder ziet u gegevens over de zorg van buurtbewoners. Daarom vragen we na het inloggen met e-mail nog een tweede stap: een passkey of een code uit een app.",
      neededIntro: "U bent ingelogd met uw e-mailadres. Bevestig nu met uw passkey of met een code uit uw app.",
      passkey: {
        heading: "Passkey",
        addIntro: "Met een passkey bevestigt u met uw vingerafdruk, gezicht of pincode van dit apparaat. U hoeft niets te typen.",
        add: "Passkey toevoegen",
        nameLabel: "Naam van de passkey",
        nameHint: "Zo herkent u hem later, bijvoorbeeld “Laptop thuis”.",
        defaultName: "Passkey",
        signIn: "Bevestigen met passkey",
        working: "Even wachten…",
        added: "De passkey is toegevoegd.",
        cancelled: "Het is gestopt. Probeer het opnieuw als u wilt.",
        notSupported: "Deze browser kan geen passkeys gebruiken. Gebruik de app met codes.",
        failed: "Dat lukte niet. Probeer het opnieuw of gebruik de app met codes.",
        noscript: "Een passkey werkt alleen met JavaScript, en dat staat uit in uw browser. Gebruik daarom de app met codes.",
      },
      totp: {
        heading: "App met codes",
        intro:
          "Installeer op uw telefoon een app voor inlogcodes, zoals Microsoft Authenticator of Google Authenticator. Scan daarna deze QR-code met de app.",
        qrLabel: "QR-code om de app met codes in te stellen",
        secretIntro: "Kunt u niet scannen? Typ dan deze sleutel in de app:",
        secretLabel: "Sleutel",
        codeLabel: "Code uit de app",
        codeHint: "6 cijfers. De app maakt elke 30 seconden een nieuwe code.",
        enrolSubmit: "App toevoegen",
        submit: "Bevestigen",
      },
      recovery: {
        lost: "Telefoon of passkey kwijt?",
        intro: "Typ een van uw herstelcodes. Elke code werkt maar één keer.",
        label: "Herstelcode",
        hint: "Bijvoorbeeld abcde-23456.",
        submit: "Bevestigen met herstelcode",
      },
      codes: {
        title: "Uw herstelcodes",
        done: "Gelukt. Uw tweede stap staat aan.",
        intro: "Bent u uw telefoon of passkey kwijt? Dan komt u binnen met een van deze 10 codes. Elke code werkt één keer.",
        once: "U ziet deze codes maar één keer.",
        save: "Print deze pagina, of kopieer de codes naar een veilige plek, zoals een wachtwoordkluis.",
        listLabel: "Herstelcodes",
        continue: "Ik heb ze bewaard — verder",
      },
      continue: "Verder",
      errors: {
        codeRequired: "Typ de code uit de app.",
        codeFormat: "De code heeft 6 cijfers.",
        invalid: "Deze code klopt niet. Kijk in de app en typ de nieuwste code.",
        recoveryRequired: "Typ een herstelcode.",
        recoveryInvalid: "Deze herstelcode klopt niet of is al gebruikt.",
        locked: "U hebt te vaak een verkeerde code getypt. Wacht {{minutes}} minuten en probeer het dan opnieuw.",
        lockedMinute: "U hebt te vaak een verkeerde code getypt. Wacht 1 minuut en probeer het dan opnieuw.",
      },
    },
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
    resume: {
      title: "Your form has not been sent yet",
      intro: "You confirmed it is you. What you filled in was kept. Send it now, or leave it.",
      send: "Send my form",
      discard: "Do not send",
      gone: "This form is no longer kept. We throw it away after 15 minutes. Please fill it in again.",
    },
    login: {
      title: "Confirm it is you",
      enrolTitle: "Add a second step",
      enrolWhy:
        "As a coordinator or admin you see information about the care of people in the neighbourhood. That is why we ask for a second step after signing in by email: a passkey or a code from an app.",
      neededIntro: "You signed in with your email address. Now confirm with your passkey or with a code from your app.",
      passkey: {
        heading: "Passkey",
        addIntro: "With a passkey you confirm with the fingerprint, face or PIN of this device. You do not have to type anything.",
        add: "Add a passkey",
        nameLabel: "Name of the passkey",
        nameHint: "So you recognise it later, for example “Laptop at home”.",
        defaultName: "Passkey",
        signIn: "Confirm with a passkey",
        working: "One moment…",
        added: "The passkey was added.",
        cancelled: "It was stopped. Try again if you like.",
        notSupported: "This browser cannot use passkeys. Use the authenticator app.",
        failed: "That did not work. Try again or use the authenticator app.",
        noscript: "A passkey only works with JavaScript, and it is switched off in your browser. Use the authenticator app instead.",
      },
      totp: {
        heading: "Authenticator app",
        intro:
          "Install an app for sign-in codes on your phone, such as Microsoft Authenticator or Google Authenticator. Then scan this QR code with the app.",
        qrLabel: "QR code to set up the authenticator app",
        secretIntro: "Cannot scan? Type this key into the app:",
        secretLabel: "Key",
        codeLabel: "Code from the app",
        codeHint: "6 digits. The app makes a new code every 30 seconds.",
        enrolSubmit: "Add the app",
        submit: "Confirm",
      },
      recovery: {
        lost: "Lost your phone or passkey?",
        intro: "Type one of your recovery codes. Each code works only once.",
        label: "Recovery code",
        hint: "For example abcde-23456.",
        submit: "Confirm with a recovery code",
      },
      codes: {
        title: "Your recovery codes",
        done: "Done. Your second step is on.",
        intro: "Lost your phone or passkey? Then you get in with one of these 10 codes. Each code works once.",
        once: "You see these codes only once.",
        save: "Print this page, or copy the codes to a safe place, such as a password manager.",
        listLabel: "Recovery codes",
        continue: "I have saved them — continue",
      },
      continue: "Continue",
      errors: {
        codeRequired: "Type the code from the app.",
        codeFormat: "The code has 6 digits.",
        invalid: "This code is not right. Look in the app and type the newest code.",
        recoveryRequired: "Type a recovery code.",
        recoveryInvalid: "This recovery code is not right or was already used.",
        locked: "You typed a wrong code too often. Wait {{minutes}} minutes and try again.",
        lockedMinute: "You typed a wrong code too often. Wait 1 minute and try again.",
      },
    },
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
