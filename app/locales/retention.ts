// Retention (issue 14, decision 034): the table on /privacy and the mail to inactive accounts. The
// numbers are not here: they come from app/domain/privacy/retention.ts. Plain B1 words and "u".
import type { Shape } from "./shape";

const nl = {
  retention: {
    caption: "Hoe lang we welke gegevens bewaren",
    intro: "Deze tabel komt uit Noaber zelf. Elke dag wist Noaber automatisch wat te oud is.",
    columns: { data: "Welke gegevens", period: "Hoe lang", action: "Wat er dan gebeurt", why: "Waarom" },
    units: {
      days_one: "{{count}} dag",
      days_other: "{{count}} dagen",
      months_one: "{{count}} maand",
      months_other: "{{count}} maanden",
      years_one: "{{count}} jaar",
      years_other: "{{count}} jaar",
      and: "en",
    },
    from: {
      ended: "{{period}} nadat de hulp is afgelopen",
      logged: "{{period}} nadat het is opgeschreven",
      sent: "{{period}} nadat de e-mail is verstuurd",
      made: "{{period}} nadat de e-mail is gemaakt",
      received: "{{period}} nadat het binnenkwam",
      expired: "{{period}} nadat ze verlopen zijn",
      lastActive: "{{period}} nadat u Noaber voor het laatst gebruikte",
      request: "{{period}}",
    },
    now: {
      expired: "Zodra ze verlopen zijn",
    },
    asLongAsRequest: "Zolang de hulpvraag bestaat",
    actions: {
      delete: "We wissen het.",
      anonymise: "We maken het anoniem. Alleen het soort hulp, de wijk en de datums blijven over.",
      removeDetails: "We halen de inhoud eruit.",
      warn: "We sturen u een e-mail.",
      erase: "We verwijderen uw account.",
      endAccess: "De coördinator kan ze niet meer zien.",
      keep: "We bewaren het. De notities gaan weg als de hulpvraag anoniem wordt.",
    },
    entries: {
      careDetails: {
        data: "Gegevens over zorg bij een hulpvraag: wat helpers moeten weten, het adres en het telefoonnummer en e-mailadres van de contactpersoon",
        why: "Na de hulp zijn ze niet meer nodig. Zo kunt u nog even vragen stellen over de hulp.",
      },
      coordinatorAccess: {
        data: "Wat de coördinator van uw gegevens over zorg ziet",
        why: "De coördinator moet de hulp nog kunnen afronden. Daarna hoeft niemand ze meer te zien.",
      },
      closedRequests: {
        data: "De rest van een hulpvraag die klaar is: uw naam, de tekst die iedereen las en de notities",
        why: "De gemeente telt hoeveel hulp er was in de wijk. Daarvoor is geen naam nodig.",
      },
      requestHistory: {
        data: "Wanneer de status van een hulpvraag veranderde",
        why: "Zo blijft te zien wat er met een hulpvraag is gebeurd.",
      },
      careAccessLog: {
        data: "Wie uw gegevens over zorg heeft bekeken",
        why: "U moet lang kunnen nagaan wie uw gegevens zag, ook als u pas later een klacht hebt.",
      },
      securityLog: {
        data: "Wanneer u inlogde en wat er veranderde aan de beveiliging van uw account",
        why: "Zo kunnen we nagaan of iemand anders in uw account kwam.",
      },
      outboxContents: {
        data: "De tekst van e-mail die we u stuurden",
        why: "Dan is de e-mail al lang aangekomen of teruggekomen. We houden alleen bij welke soort e-mail we wanneer stuurden.",
      },
      outboxUnsent: {
        data: "E-mail die we niet konden of niet meer wilden versturen",
        why: "In die tijd vinden we een fout.",
      },
      webhookEvents: {
        data: "Berichten van de e-maildienst over aankomst van e-mail",
        why: "Zo vinden we problemen met e-mail. Daarna zijn ze niet meer nodig.",
      },
      sessions: {
        data: "Waar u bent ingelogd",
        why: "Een verlopen inlog werkt niet meer.",
      },
      signInTokens: {
        data: "Inloglinks en codes, e-mail bevestigen en formulieren die u nog niet verstuurde",
        why: "Ze werken niet meer als ze verlopen zijn.",
      },
      rateLimits: {
        data: "Hoe vaak iets net is gedaan (tegen misbruik)",
        why: "Na de wachttijd telt het niet meer.",
      },
      inactiveWarning: {
        data: "Uw account, als u Noaber lang niet gebruikt",
        why: "We bewaren geen gegevens van mensen die Noaber niet meer gebruiken. U kunt inloggen en dan blijft uw account.",
      },
      inactiveErasure: {
        data: "Uw account, als u daarna nog steeds niet inlogt",
        why: "U krijgt eerst een e-mail. Na die e-mail hebt u altijd minstens {{notice}} om in te loggen.",
      },
    },
    email: {
      subject: "Wilt u uw account bij Noaber houden?",
      preview: "U hebt Noaber lang niet gebruikt.",
      intro: "U hebt Noaber al lang niet gebruikt. We bewaren geen gegevens van mensen die Noaber niet meer gebruiken.",
      deleteFrom: "Als u niet inlogt, verwijderen we uw account vanaf {{date}}.",
      keep: "Wilt u uw account houden? Log dan in. Meer hoeft u niet te doen.",
      button: "Inloggen",
      letGo: "Hoeft u uw account niet meer? Dan hoeft u niets te doen.",
    },
  },
};

const en: Shape<typeof nl> = {
  retention: {
    caption: "How long we keep which data",
    intro: "This table comes from Noaber itself. Every day Noaber automatically deletes what is too old.",
    columns: { data: "Which data", period: "How long", action: "What happens then", why: "Why" },
    units: {
      days_one: "{{count}} day",
      days_other: "{{count}} days",
      months_one: "{{count}} month",
      months_other: "{{count}} months",
      years_one: "{{count}} year",
      years_other: "{{count}} years",
      and: "and",
    },
    from: {
      ended: "{{period}} after the help ended",
      logged: "{{period}} after it was written down",
      sent: "{{period}} after the email was sent",
      made: "{{period}} after the email was made",
      received: "{{period}} after it came in",
      expired: "{{period}} after they expired",
      lastActive: "{{period}} after you last used Noaber",
      request: "{{period}}",
    },
    now: {
      expired: "As soon as they expire",
    },
    asLongAsRequest: "As long as the help request exists",
    actions: {
      delete: "We delete it.",
      anonymise: "We make it anonymous. Only the kind of help, the neighbourhood and the dates remain.",
      removeDetails: "We remove the contents.",
      warn: "We send you an email.",
      erase: "We delete your account.",
      endAccess: "The coordinator can no longer see them.",
      keep: "We keep it. The notes go when the help request is made anonymous.",
    },
    entries: {
      careDetails: {
        data: "Care details of a help request: what helpers should know, the address, and the contact's phone number and email address",
        why: "After the help they are no longer needed. This gives you time to ask questions about the help.",
      },
      coordinatorAccess: {
        data: "What the coordinator sees of your care details",
        why: "The coordinator must be able to finish the help. After that nobody needs to see them.",
      },
      closedRequests: {
        data: "The rest of a finished help request: your name, the text everyone read and the notes",
        why: "The municipality counts how much help there was in the neighbourhood. That needs no name.",
      },
      requestHistory: {
        data: "When the status of a help request changed",
        why: "So it stays clear what happened to a help request.",
      },
      careAccessLog: {
        data: "Who looked at your care details",
        why: "You must be able to check for a long time who saw your details, also if you complain later.",
      },
      securityLog: {
        data: "When you signed in and what changed in the security of your account",
        why: "So we can check whether someone else got into your account.",
      },
      outboxContents: {
        data: "The text of email we sent you",
        why: "By then the email has long arrived or bounced. We only keep which kind of email we sent and when.",
      },
      outboxUnsent: {
        data: "Email we could not or no longer wanted to send",
        why: "That is enough time to find a fault.",
      },
      webhookEvents: {
        data: "Messages from the email service about whether email arrived",
        why: "So we find problems with email. After that they are no longer needed.",
      },
      sessions: {
        data: "Where you are signed in",
        why: "An expired sign-in no longer works.",
      },
      signInTokens: {
        data: "Sign-in links and codes, email confirmations and forms you have not sent yet",
        why: "They no longer work once they expire.",
      },
      rateLimits: {
        data: "How often something was just done (against misuse)",
        why: "After the waiting time it no longer counts.",
      },
      inactiveWarning: {
        data: "Your account, if you do not use Noaber for a long time",
        why: "We do not keep data of people who no longer use Noaber. If you sign in, your account stays.",
      },
      inactiveErasure: {
        data: "Your account, if you still do not sign in after that",
        why: "You get an email first. After that email you always have at least {{notice}} to sign in.",
      },
    },
    email: {
      subject: "Do you want to keep your Noaber account?",
      preview: "You have not used Noaber for a long time.",
      intro: "You have not used Noaber for a long time. We do not keep data of people who no longer use Noaber.",
      deleteFrom: "If you do not sign in, we will delete your account from {{date}}.",
      keep: "Do you want to keep your account? Then sign in. That is all.",
      button: "Sign in",
      letGo: "Do you no longer need your account? Then you do not have to do anything.",
    },
  },
};

export const retentionMessages = { nl, en };
