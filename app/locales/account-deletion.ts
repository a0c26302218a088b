import type { Shape } from "./shape";

// Deleting one's account (issue 14): /me/delete, /account-deleted, and a coordinator erasing a
// person registered at intake. Plain B1 words and "u", like the rest of Noaber. What is kept and why
// follows the erasure table (app/domain/accounts/erasure.ts); no period is named here that the code
// does not hold.

const nl = {
  accountDeletion: {
    email: {
      subject: "Er is een plek vrijgekomen bij {{title}}",
      greeting: "Beste {{name}},",
      intro:
        "Iemand die zich had aangemeld voor {{title}} ({{when}}) heeft zijn of haar account bij Noaber verwijderd. Die aanmelding is daarom afgemeld.",
      introShift:
        "Iemand die zich had aangemeld voor de taak {{role}} bij {{title}} ({{when}}) heeft zijn of haar account bij Noaber verwijderd. Die aanmelding is daarom afgemeld.",
      promoted: "De plek is gegeven aan de eerste op de wachtlijst. Die heeft daar een e-mail over gekregen.",
      free: "De plek is nu weer vrij.",
      open: "Bekijk de aanmeldingen",
    },
    meLink: "Mijn account verwijderen",
    title: "Uw account verwijderen",
    intro: "Hier kunt u uw account bij Noaber verwijderen. Lees eerst wat er dan gebeurt. Verwijderen kunt u niet ongedaan maken.",
    deleted: {
      title: "Wat wij verwijderen",
      account: "Uw account: uw naam, e-mailadres, telefoonnummer en postcode.",
      profile: "Uw profiel als vrijwilliger: wat u kunt, wanneer u kunt, uw talen en uw VOG.",
      signups: "Uw naam bij uw aanmeldingen voor activiteiten.",
      requests: "Bij uw hulpvragen: de tekst, uw adres, de gegevens over zorg en de naasten die u hebt ingevuld.",
      mail: "De e-mail die wij u stuurden of nog zouden sturen, en uw instellingen voor e-mail.",
      security: "Uw inloggegevens: passkeys, de app met codes, herstelcodes en uw agenda-link.",
      memberships: "Uw lidmaatschap van organisaties.",
    },
    kept: {
      title: "Wat wij bewaren zonder uw naam",
      intro: "Sommige cijfers blijven nodig. Daarin staat niets meer dat naar u wijst.",
      hours: "Uren en aantallen aanmeldingen, voor de organisatoren en voor de cijfers van de gemeente.",
      requests: "Uw hulpvragen als kale telling: alleen de soort hulp, de wijk, de status en de datum.",
    },
    legal: {
      title: "Wat wij moeten bewaren, en waarom",
      intro:
        "Een paar dingen bewaren wij omdat de wet of de veiligheid het vraagt. Uw naam staat er niet meer bij: alleen een code die niet naar u wijst.",
      consent:
        "Het bewijs dat u toestemming gaf voor gegevens over zorg: wanneer en voor welke versie. Dat moeten wij kunnen laten zien (AVG artikel 7).",
      securityLog: "Het logboek van beveiliging (inloggen, tweede stap). Zo kunnen wij misbruik blijven onderzoeken.",
      accessLog:
        "Hebt u als helper of coördinator gegevens over zorg van iemand anders bekeken? Dan blijft dat in het logboek staan, zodat die persoon kan blijven zien dat iemand keek.",
      period: "Hoe lang wij dit bewaren, leest u in de privacyverklaring.",
      privacyLink: "Lees de privacyverklaring",
    },
    pending: {
      title: "Wat er gebeurt met wat nog loopt",
      intro: "Voordat wij uw account verwijderen, ronden wij alles netjes af:",
      signups:
        "Uw aanmeldingen die nog komen, zeggen wij af. Staat iemand op de wachtlijst, dan krijgt die uw plaats. De organisatie krijgt een bericht, zonder uw naam.",
      requests: "Uw hulpvragen die nog open staan, trekken wij in.",
      matches: "Hulp die nog loopt, stoppen wij. De ander en de coördinator krijgen een bericht, zonder details.",
      reminders: "Herinneringen worden niet meer verstuurd.",
      calendar: "Uw agenda-link werkt niet meer.",
      sessions: "U wordt overal uitgelogd.",
      counts: "Nu loopt er: {{signups}} aanmelding(en), {{requests}} open hulpvraag (hulpvragen) en {{matches}} keer hulp.",
    },
    organisations: {
      title: "Organisaties waar u de enige beheerder bent",
      intro:
        "U bent de enige beheerder van deze organisaties. Kies iemand die beheerder wordt. Doet u dat niet, dan zetten wij de organisatie in het archief: dan staat die niet meer op Noaber.",
      member: "Wie wordt beheerder van {{name}}?",
      handOver: "Maak beheerder",
      noMembers: "{{name}} heeft geen andere leden. De organisatie gaat in het archief als u uw account verwijdert.",
      handedOver: "Er is een nieuwe beheerder.",
      required: "Kies wie beheerder wordt.",
    },
    form: {
      title: "Account verwijderen",
      confirmLabel: "Typ uw e-mailadres",
      confirmHint: "Zo weten wij zeker dat u dit wilt. Uw e-mailadres is {{email}}.",
      submit: "Verwijder mijn account",
      staffNote: "U bent coördinator of beheerder. Misschien vragen wij eerst om uw tweede stap.",
    },
    errors: {
      required: "Typ uw e-mailadres om te bevestigen.",
      mismatch: "Dit is niet het e-mailadres van uw account. Typ het precies zo.",
    },
    endReason: "Het account van deze persoon is verwijderd.",
    done: {
      title: "Uw account is verwijderd",
      body: "Uw account en uw gegevens zijn verwijderd. U bent uitgelogd. Wat wij moesten bewaren, staat er zonder uw naam.",
      again: "Wilt u Noaber later weer gebruiken? Dan kunt u een nieuw account maken.",
      home: "Naar de beginpagina",
    },
    intake: {
      link: "Gegevens van deze persoon wissen",
      title: "Gegevens van een persoon zonder account wissen",
      intro: "Deze persoon heeft zich via u aangemeld en heeft geen account. Op hun verzoek kunt u hun gegevens wissen.",
      what: "Wij wissen de naam, het telefoonnummer, het e-mailadres, het adres en alle tekst bij deze hulpvragen. Wat blijft: de soort hulp, de wijk, de status en de datum, als kale telling. Het bewijs van toestemming blijft, onder een code.",
      pending:
        "Staat een hulpvraag nog open, dan trekken wij die in. Loopt de hulp nog, dan stoppen wij die: de helper krijgt een bericht, zonder details.",
      requests_one: "Het gaat om {{count}} hulpvraag met dezelfde contactgegevens in uw wijken.",
      requests_other: "Het gaat om {{count}} hulpvragen met dezelfde contactgegevens in uw wijken.",
      confirm: "Ik weet zeker dat ik de gegevens van deze persoon wil wissen.",
      submit: "Wis de gegevens",
      required: "Zet een vinkje om te bevestigen.",
      done: "De gegevens van deze persoon zijn gewist.",
      back: "Terug naar de hulpvraag",
    },
  },
};

const en: Shape<typeof nl> = {
  accountDeletion: {
    email: {
      subject: "A place has come free at {{title}}",
      greeting: "Dear {{name}},",
      intro:
        "Someone who had signed up for {{title}} ({{when}}) has deleted their Noaber account. Their sign-up has therefore been cancelled.",
      introShift:
        "Someone who had signed up for the task {{role}} at {{title}} ({{when}}) has deleted their Noaber account. Their sign-up has therefore been cancelled.",
      promoted: "The place went to the first person on the waitlist, who has been told by email.",
      free: "The place is free again.",
      open: "See the sign-ups",
    },
    meLink: "Delete my account",
    title: "Delete your account",
    intro: "Here you can delete your Noaber account. First read what happens then. Deleting cannot be undone.",
    deleted: {
      title: "What we delete",
      account: "Your account: your name, email address, phone number and postcode.",
      profile: "Your volunteer profile: what you can do, when you can, your languages and your certificate of conduct.",
      signups: "Your name on your sign-ups for activities.",
      requests: "With your help requests: the text, your address, the care details and the people you care for that you entered.",
      mail: "The email we sent you or would still send, and your email settings.",
      security: "Your ways to sign in: passkeys, the authenticator app, recovery codes and your calendar link.",
      memberships: "Your membership of organisations.",
    },
    kept: {
      title: "What we keep without your name",
      intro: "Some figures are still needed. Nothing in them points to you any more.",
      hours: "Hours and numbers of sign-ups, for the organisers and for the municipality's figures.",
      requests: "Your help requests as bare counts: only the kind of help, the neighbourhood, the status and the date.",
    },
    legal: {
      title: "What we must keep, and why",
      intro:
        "We keep a few things because the law or security requires it. Your name is no longer in them: only a code that does not point to you.",
      consent:
        "The proof that you gave consent for care details: when, and for which version. We must be able to show it (GDPR article 7).",
      securityLog: "The security log (signing in, second step), so we can still look into misuse.",
      accessLog:
        "Did you look at someone else's care details as a helper or coordinator? That stays in the log, so that person can still see that someone looked.",
      period: "How long we keep this is in the privacy statement.",
      privacyLink: "Read the privacy statement",
    },
    pending: {
      title: "What happens to what is still going on",
      intro: "Before we delete your account, we finish everything properly:",
      signups:
        "We cancel your sign-ups that are still to come. If someone is on the waitlist, they get your place. The organisers get a message, without your name.",
      requests: "We withdraw your help requests that are still open.",
      matches: "We stop help that is still going on. The other person and the coordinator get a message, without details.",
      reminders: "Reminders are no longer sent.",
      calendar: "Your calendar link stops working.",
      sessions: "You are signed out everywhere.",
      counts: "Going on now: {{signups}} sign-up(s), {{requests}} open help request(s) and {{matches}} match(es).",
    },
    organisations: {
      title: "Organisations where you are the only admin",
      intro:
        "You are the only admin of these organisations. Choose someone to become admin. If you do not, we archive the organisation: it is then no longer on Noaber.",
      member: "Who becomes admin of {{name}}?",
      handOver: "Make admin",
      noMembers: "{{name}} has no other members. The organisation is archived when you delete your account.",
      handedOver: "There is a new admin.",
      required: "Choose who becomes admin.",
    },
    form: {
      title: "Delete account",
      confirmLabel: "Type your email address",
      confirmHint: "So we know for sure that you want this. Your email address is {{email}}.",
      submit: "Delete my account",
      staffNote: "You are a coordinator or admin. We may first ask for your second step.",
    },
    errors: {
      required: "Type your email address to confirm.",
      mismatch: "This is not the email address of your account. Type it exactly.",
    },
    endReason: "This person's account was deleted.",
    done: {
      title: "Your account has been deleted",
      body: "Your account and your data have been deleted. You are signed out. What we had to keep no longer has your name.",
      again: "Want to use Noaber again later? You can make a new account.",
      home: "To the home page",
    },
    intake: {
      link: "Erase this person's data",
      title: "Erase the data of a person without an account",
      intro: "This person was registered by you and has no account. At their request you can erase their data.",
      what: "We erase the name, phone number, email address, address and all text of these help requests. What stays: the kind of help, the neighbourhood, the status and the date, as a bare count. The proof of consent stays, under a code.",
      pending:
        "If a help request is still open, we withdraw it. If help is still going on, we stop it: the helper gets a message, without details.",
      requests_one: "This concerns {{count}} help request with the same contact details in your neighbourhoods.",
      requests_other: "This concerns {{count}} help requests with the same contact details in your neighbourhoods.",
      confirm: "I am sure I want to erase this person's data.",
      submit: "Erase the data",
      required: "Tick the box to confirm.",
      done: "This person's data has been erased.",
      back: "Back to the help request",
    },
  },
};

export const accountDeletionMessages = { nl, en };
