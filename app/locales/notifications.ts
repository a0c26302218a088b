// Messages for mail settings on /me, the unsubscribe page, the email footer and the coordinator's
// "may miss reminders" mark.
import type { Shape } from "./shape";

const nl = {
  notifications: {
    me: {
      title: "E-mails",
      intro: "Kies welke e-mails u van Noaber wilt krijgen.",
      essentialLegend: "Deze e-mails krijgt u altijd",
      essentialText: "Deze e-mails zijn nodig. U kunt ze niet uitzetten.",
      essentialSignIn: "Inloggen: de link en de code om in te loggen.",
      essentialChanges: "Wijzigingen: als iets waarvoor u zich hebt aangemeld verandert of niet doorgaat.",
      essentialHelp: "Hulpvragen: als er nieuws is over een hulpvraag van u of voor u.",
      optionalLegend: "Deze e-mails kunt u aan- of uitzetten",
      dayBeforeLegend: "Herinnering de dag ervoor",
      dayBeforeOn: "Stuur mij de dag ervoor een herinnering",
      dayBeforeAt: "Hoe laat?",
      dayBeforeHint: "Bijvoorbeeld 18:00. Dit is de tijd waar u woont ({{zone}}).",
      hoursBeforeLegend: "Herinnering kort van tevoren",
      hoursBeforeOn: "Stuur mij kort van tevoren een herinnering",
      hoursBefore: "Hoeveel uur van tevoren?",
      hoursBeforeHint: "Een getal van 1 tot en met 48.",
      afterSessionLegend: "Na afloop",
      afterSession: "Vraag mij na afloop om te bevestigen wie er was of hoeveel uur ik heb geholpen",
      digestLegend: "Weekoverzicht",
      digest: "Stuur mij elke week een overzicht van nieuwe activiteiten en hulpvragen bij mij in de buurt",
      save: "Instellingen opslaan",
      saved: "Uw instellingen zijn opgeslagen.",
      suppressedTitle: "Uw e-mail komt niet aan",
      suppressed: {
        bounce: "E-mail naar {{email}} kwam niet aan. Daarom sturen wij nu alleen nog e-mails die nodig zijn, zoals de inloglink.",
        complaint:
          "Een e-mail van Noaber aan {{email}} is als spam gemeld. Daarom sturen wij nu alleen nog e-mails die nodig zijn, zoals de inloglink.",
      },
      suppressedFix:
        "Werkt uw e-mail weer? Kijk of uw mailbox niet vol is en of e-mail van Noaber niet in de map spam komt. Klik dan op de knop. Lukt het niet? Vraag de coördinator in uw wijk om hulp.",
      resume: "Mijn e-mail werkt weer: stuur weer e-mails",
      resumed: "Wij sturen weer alle e-mails die u hebt aangezet.",
    },
    errors: {
      brokenLink: "Dit adres is niet compleet of klopt niet. Kopieer de hele link uit de e-mail en probeer het opnieuw.",
      dayBeforeAt: {
        required: "Vul een tijd in, bijvoorbeeld 18:00. Of zet deze herinnering uit.",
        format: "Schrijf de tijd zo: 18:00.",
      },
      hoursBefore: {
        required: "Vul in hoeveel uur van tevoren. Of zet deze herinnering uit.",
        range: "Kies een getal van 1 tot en met 48.",
      },
    },
    kinds: {
      reminder: "herinneringen",
      "after-session": "vragen na afloop",
      digest: "het weekoverzicht",
      "circle-update": "nieuws in uw kring",
      message: "nieuwe berichten",
    },
    unsubscribe: {
      title: "Afmelden voor e-mails",
      question: "Wilt u geen {{kind}} meer krijgen van Noaber?",
      button: "Ja, stuur mij geen {{kind}} meer",
      done: "Klaar. U krijgt geen {{kind}} meer.",
      alreadyOff: "U krijgt al geen {{kind}}.",
      settingsHint: "Andere e-mails krijgt u nog wel. U kunt dit altijd weer aanzetten bij Mijn gegevens.",
      settingsLink: "Naar mijn e-mailinstellingen",
      invalidTitle: "Deze link werkt niet",
      invalid:
        "De link is niet compleet of klopt niet. Kopieer de hele link uit de e-mail. Of log in en zet e-mails uit bij Mijn gegevens.",
    },
    email: {
      unsubscribe: "Wilt u deze e-mails niet meer krijgen? Meld u hier af:",
      unsubscribeLink: "Afmelden",
    },
    coordinator: {
      mayMiss: "Kan herinneringen missen",
      mayMissHint: "E-mail naar deze persoon kwam niet aan of is als spam gemeld. Bel of spreek deze persoon zelf.",
    },
  },
};

const en: Shape<typeof nl> = {
  notifications: {
    me: {
      title: "Emails",
      intro: "Choose which emails you want to get from Noaber.",
      essentialLegend: "You always get these emails",
      essentialText: "These emails are needed. You cannot switch them off.",
      essentialSignIn: "Signing in: the link and code to sign in.",
      essentialChanges: "Changes: when something you signed up for changes or is cancelled.",
      essentialHelp: "Help requests: when there is news about a help request of yours or for you.",
      optionalLegend: "You can switch these emails on or off",
      dayBeforeLegend: "Reminder the day before",
      dayBeforeOn: "Send me a reminder the day before",
      dayBeforeAt: "At what time?",
      dayBeforeHint: "For example 18:00. This is the time where you live ({{zone}}).",
      hoursBeforeLegend: "Reminder shortly before",
      hoursBeforeOn: "Send me a reminder shortly before",
      hoursBefore: "How many hours before?",
      hoursBeforeHint: "A number from 1 to 48.",
      afterSessionLegend: "Afterwards",
      afterSession: "Ask me afterwards to confirm who attended or how many hours I helped",
      digestLegend: "Weekly overview",
      digest: "Send me a weekly overview of new activities and help requests near me",
      save: "Save settings",
      saved: "Your settings have been saved.",
      suppressedTitle: "Your email does not arrive",
      suppressed: {
        bounce: "Email to {{email}} did not arrive. So we now only send emails that are needed, such as the sign-in link.",
        complaint:
          "An email from Noaber to {{email}} was reported as spam. So we now only send emails that are needed, such as the sign-in link.",
      },
      suppressedFix:
        "Does your email work again? Check that your mailbox is not full and that email from Noaber does not go to spam. Then click the button. Still not working? Ask the coordinator in your neighbourhood for help.",
      resume: "My email works again: send emails again",
      resumed: "We send all emails you switched on again.",
    },
    errors: {
      brokenLink: "This address is incomplete or not right. Copy the whole link from the email and try again.",
      dayBeforeAt: {
        required: "Enter a time, for example 18:00. Or switch this reminder off.",
        format: "Write the time like this: 18:00.",
      },
      hoursBefore: {
        required: "Enter how many hours before. Or switch this reminder off.",
        range: "Choose a number from 1 to 48.",
      },
    },
    kinds: {
      reminder: "reminders",
      "after-session": "questions after a session",
      digest: "the weekly overview",
      "circle-update": "news in your circle",
      message: "new messages",
    },
    unsubscribe: {
      title: "Unsubscribe from emails",
      question: "Do you want to stop getting {{kind}} from Noaber?",
      button: "Yes, stop sending me {{kind}}",
      done: "Done. You will not get {{kind}} any more.",
      alreadyOff: "You already do not get {{kind}}.",
      settingsHint: "You still get other emails. You can switch this back on at any time under My details.",
      settingsLink: "Go to my email settings",
      invalidTitle: "This link does not work",
      invalid:
        "The link is incomplete or not right. Copy the whole link from the email. Or sign in and switch emails off under My details.",
    },
    email: {
      unsubscribe: "Don't want these emails any more? Unsubscribe here:",
      unsubscribeLink: "Unsubscribe",
    },
    coordinator: {
      mayMiss: "May miss reminders",
      mayMissHint: "Email to this person did not arrive or was reported as spam. Call or talk to this person yourself.",
    },
  },
};

export const notificationsMessages = { nl, en };
