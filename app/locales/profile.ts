// Correcting one's own details on /me (privacy rights, issue 14): name, postcode, phone, language,
// and a new email address confirmed by a link mailed to it. Plain B1 words and "u".
import type { Shape } from "./shape";

const nl = {
  profile: {
    me: {
      title: "Mijn gegevens aanpassen",
      intro: "Klopt er iets niet? Pas het hier aan. Uw postcode bepaalt bij welke wijk u hoort.",
      name: "Naam",
      postcode: "Postcode",
      postcodeHint: "Bijvoorbeeld 7511 AB.",
      phone: "Telefoonnummer (niet verplicht)",
      phoneHint: "Laat dit leeg als u geen telefoonnummer wilt geven.",
      language: "Taal",
      save: "Gegevens opslaan",
      saved: "Uw gegevens zijn opgeslagen.",
      emailTitle: "Ander e-mailadres",
      emailIntro:
        "Uw e-mailadres is nu {{email}}. Wilt u een ander adres gebruiken? Wij sturen een link naar het nieuwe adres. Pas als u die link gebruikt, verandert uw adres.",
      newEmail: "Nieuw e-mailadres",
      send: "Stuur de link",
      sent: "Wij hebben een link gestuurd naar het nieuwe adres. Open de mail en klik op de link. De link werkt 24 uur. Tot die tijd blijft uw oude adres gelden.",
    },
    errors: {
      localeRequired: "Kies een taal.",
      sameEmail: "Dit is al uw e-mailadres. Vul een ander adres in.",
      emailChangeLimit: "U hebt vandaag al 3 keer een link gevraagd. Probeer het morgen opnieuw.",
    },
    confirm: {
      metaTitle: "Nieuw e-mailadres bevestigen",
      title: "Nieuw e-mailadres bevestigen",
      text: "Wilt u voortaan {{email}} gebruiken voor Noaber? Daarna logt u in met dit adres. U wordt op andere apparaten uitgelogd.",
      button: "Ja, gebruik dit e-mailadres",
      doneTitle: "Uw e-mailadres is aangepast",
      doneText: "Vanaf nu gebruikt u uw nieuwe e-mailadres om in te loggen. Op andere apparaten bent u uitgelogd.",
      goMe: "Naar mijn gegevens",
      signIn: "Inloggen",
      goneTitle: "Deze link werkt niet",
      goneText:
        "Deze link werkt niet (meer). Misschien is hij al gebruikt of ouder dan 24 uur. U kunt op uw pagina 'Mijn gegevens' een nieuwe link vragen.",
      goHome: "Naar de startpagina",
    },
    confirmEmail: {
      subject: "Bevestig uw nieuwe e-mailadres voor Noaber",
      preview: "Klik op de link om dit e-mailadres te gebruiken voor Noaber.",
      intro: "U wilt dit e-mailadres gebruiken voor Noaber. Klik op de knop om dat te bevestigen.",
      button: "Bevestig mijn nieuwe e-mailadres",
      expiry: "De link werkt {{hours}} uur en maar één keer.",
      notYou: "Hebt u dit niet gevraagd? Dan hoeft u niets te doen. Er verandert niets.",
    },
    changedEmail: {
      subject: "Uw e-mailadres voor Noaber is veranderd",
      preview: "Uw account gebruikt nu een ander e-mailadres.",
      intro: "Op {{when}} is het e-mailadres van uw account veranderd in {{email}}.",
      noLonger: "U kunt met dit adres niet meer inloggen. U krijgt op dit adres geen mail meer van Noaber.",
      notYou: "Hebt u dit niet zelf gedaan? Neem dan meteen contact op met de coördinator van uw gemeente.",
    },
  },
};

const en: Shape<typeof nl> = {
  profile: {
    me: {
      title: "Correct my details",
      intro: "Is something wrong? Change it here. Your postcode decides which neighbourhood you belong to.",
      name: "Name",
      postcode: "Postcode",
      postcodeHint: "For example 7511 AB.",
      phone: "Phone number (optional)",
      phoneHint: "Leave this empty if you do not want to give a phone number.",
      language: "Language",
      save: "Save details",
      saved: "Your details have been saved.",
      emailTitle: "Another email address",
      emailIntro:
        "Your email address is now {{email}}. Want to use another address? We send a link to the new address. Only when you use that link does your address change.",
      newEmail: "New email address",
      send: "Send the link",
      sent: "We sent a link to the new address. Open the email and click the link. The link works for 24 hours. Until then your old address stays in use.",
    },
    errors: {
      localeRequired: "Choose a language.",
      sameEmail: "This is already your email address. Enter another address.",
      emailChangeLimit: "You already asked for a link 3 times today. Please try again tomorrow.",
    },
    confirm: {
      metaTitle: "Confirm new email address",
      title: "Confirm new email address",
      text: "Do you want to use {{email}} for Noaber from now on? After this you sign in with this address. You will be signed out on other devices.",
      button: "Yes, use this email address",
      doneTitle: "Your email address has been changed",
      doneText: "From now on you sign in with your new email address. You have been signed out on other devices.",
      goMe: "Go to my details",
      signIn: "Sign in",
      goneTitle: "This link does not work",
      goneText:
        "This link does not work (any more). It may have been used already or be older than 24 hours. You can ask for a new link on your 'My details' page.",
      goHome: "Go to the home page",
    },
    confirmEmail: {
      subject: "Confirm your new email address for Noaber",
      preview: "Click the link to use this email address for Noaber.",
      intro: "You want to use this email address for Noaber. Click the button to confirm.",
      button: "Confirm my new email address",
      expiry: "The link works for {{hours}} hours and only once.",
      notYou: "Did you not ask for this? Then you do not need to do anything. Nothing changes.",
    },
    changedEmail: {
      subject: "Your email address for Noaber has changed",
      preview: "Your account now uses another email address.",
      intro: "On {{when}} the email address of your account was changed to {{email}}.",
      noLonger: "You can no longer sign in with this address. You will get no more email from Noaber at this address.",
      notYou: "Did you not do this yourself? Then contact the coordinator of your municipality straight away.",
    },
  },
};

export const profileMessages = { nl, en };
