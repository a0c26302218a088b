// Dutch (B1): short sentences, everyday words. Keys are shared with en.ts, which must match.
// Each capability keeps its own messages in a module of its own (nl and en side by side).
import { activitiesMessages } from "./activities";
import { activityPagesMessages } from "./activity-pages";
import { communityMessages } from "./community";
import { helpCoordinatorMessages } from "./help-coordinator";
import { helpMatchMessages } from "./help-match";
import { helpRequestPagesMessages } from "./help-request-pages";
import { helpRequestsMessages } from "./help-requests";
import { organiserMessages } from "./organiser";
import { scheduleMessages } from "./schedule";
import { calendarMessages } from "./calendar";
import { signalsMessages } from "./signals";
import { remindersMessages } from "./reminders";
import { afterSessionMessages } from "./after-session";
import { notificationsMessages } from "./notifications";
import { socialMapMessages } from "./social-map";
import { facilityExchangeMessages } from "./facility-exchange";
import { securityMessages } from "./security";
import { securitySettingsMessages } from "./security-settings";
import { privacyRightsMessages } from "./privacy-rights";
import { retentionMessages } from "./retention";
import { careConsentMessages } from "./consent";
import { profileMessages } from "./profile";
import { accountDeletionMessages } from "./account-deletion";
import { circlesMessages } from "./circles";
import { circleTasksMessages } from "./circle-tasks";
import { circleHandOffMessages } from "./circle-hand-off";
import { conversationsMessages } from "./conversations";
import type { Shape } from "./shape";

const base = {
  app: {
    name: "Noaber",
    tagline: "Buren helpen buren",
    skipToContent: "Ga naar de inhoud",
    mainNavigation: "Hoofdmenu",
    languageSwitch: "Taal",
    switchTo: "English",
    switchToLabel: "Switch to English",
    footerNavigation: "Over Noaber",
    secondFactorBannerLabel: "Tweede stap",
    secondFactorBannerText: "U gebruikt Noaber nu als bewoner. Bevestig dat u het bent om coördinator- en beheerpagina's te openen.",
    secondFactorBannerLink: "Bevestig nu.",
  },
  nav: {
    home: "Home",
    activities: "Activiteiten",
    initiatives: "Initiatieven",
    map: "Sociale kaart",
    requestHelp: "Hulp vragen",
    myRequests: "Mijn hulpvragen",
    myCircles: "Mijn kringen",
    openRequests: "Open hulpvragen",
    openShifts: "Open taken",
    mySchedule: "Mijn agenda",
    me: "Mijn gegevens",
    coordinator: "Coördinator",
    admin: "Beheer",
    signals: "Signalen",
    myActivities: "Mijn activiteiten",
    login: "Inloggen",
    logout: "Uitloggen",
    privacy: "Privacyverklaring",
    accessibility: "Toegankelijkheid",
  },
  home: {
    title: "Noaber: buren helpen buren",
    intro: "Noaber brengt mensen in de wijk bij elkaar. Vraag hulp, help een ander of doe mee met een activiteit.",
    carersTitle: "Zorgt u voor iemand?",
    carersText: "Vraag om even vrij te zijn, of om hulp bij boodschappen, vervoer of papieren.",
    volunteersTitle: "Wilt u helpen?",
    volunteersText: "Kies een taak die past bij wat u kunt, wanneer u kunt en waar u woont.",
    organisationsTitle: "Bent u een vereniging of organisatie?",
    organisationsText: "Zet uw activiteiten en vrijwilligerstaken op Noaber.",
    greeting: "Welkom, {{name}}",
    start: "Inloggen of een account maken",
  },
  login: {
    title: "Inloggen",
    intro: "U hebt geen wachtwoord nodig. Vul uw e-mailadres in. U krijgt een e-mail met een link en een code.",
    emailLabel: "E-mailadres",
    submit: "Stuur mij een link",
    sentTitle: "Kijk in uw e-mail",
    sentText:
      "Als het adres klopt, krijgt u binnen een paar minuten een e-mail. Klik op de link in de e-mail, of vul hieronder de code in. De link en de code werken 10 minuten.",
    codeLabel: "Code uit de e-mail",
    codeHint: "6 tekens, bijvoorbeeld K7M2QX",
    codeSubmit: "Inloggen met code",
    tryAgain: "Geen e-mail gekregen? Vraag een nieuwe link aan",
  },
  verify: {
    title: "Inloggen bevestigen",
    text: "Klik op de knop om in te loggen.",
    submit: "Inloggen",
    invalidTitle: "Deze link werkt niet meer",
    account: "U logt in als <strong>{{account}}</strong>.",
    notYou: "Is dit niet uw e-mailadres? Klik dan niet op de knop. Sluit deze pagina.",
    invalidText: "De link is al gebruikt of is te oud. Vraag een nieuwe link aan.",
    newLink: "Nieuwe link aanvragen",
  },
  welcome: {
    title: "Welkom bij Noaber",
    intro: "U logt voor het eerst in met {{email}}. Vertel ons hoe we u mogen noemen en waar u woont.",
    nameLabel: "Naam",
    postcodeLabel: "Postcode",
    postcodeHint: "Zo weten we in welke wijk u woont. Bijvoorbeeld 7511 AB.",
    consentLabel: "Ik heb de privacyverklaring gelezen en ga ermee akkoord.",
    consentLink: "Lees de privacyverklaring",
    submit: "Account maken",
    goneTitle: "Inloggen lukt zo niet",
    gone: "Deze link is al gebruikt of verlopen. Log opnieuw in.",
    signInAgain: "Opnieuw inloggen",
  },
  me: {
    title: "Mijn gegevens",
    name: "Naam",
    email: "E-mailadres",
    neighbourhood: "Wijk",
    language: "Taal",
    roles: "Mijn rollen",
    sessionsTitle: "Ingelogd op andere apparaten?",
    sessionsText: "Log overal uit, ook op deze computer of telefoon. Handig als u uw telefoon kwijt bent.",
    logoutEverywhere: "Overal uitloggen",
  },
  roles: {
    resident: "Bewoner",
    volunteer: "Vrijwilliger",
    "organisation-member": "Lid van een organisatie",
    coordinator: "Coördinator",
    admin: "Beheerder",
  },
  locale: { nl: "Nederlands", en: "English" },
  // Only for the demo and the local mailbox: its own namespace, so pages elsewhere never carry it.
  demo: {
    bannerLabel: "Demo-melding",
    bannerText: "Demo — e-mail blijft op deze computer.",
    bannerLink: "Bekijk het testpostvak.",
    mailboxLink: "Testpostvak",
    retention: {
      data: "E-mail in het testpostvak (alleen bij een demo, nooit echt verstuurd)",
      why: "Het testpostvak is alleen om even te kijken.",
    },
  },
  testInbox: {
    title: "Testpostvak",
    intro: "Er is geen e-maildienst ingesteld. Alle e-mail komt hier terecht.",
    empty: "Er is nog geen e-mail.",
    to: "Aan",
    subject: "Onderwerp",
    received: "Ontvangen",
    open: "Bekijk e-mail",
    back: "Terug naar het testpostvak",
    htmlVersion: "Opgemaakte versie",
    textVersion: "Tekstversie",
    codes: {
      title: "Codes voor de tweede stap (alleen in de demo)",
      intro:
        "Medewerkers bevestigen hun inlog met een code uit een app op hun telefoon. In de demo staat die code hier. Elke 30 seconden komt er een nieuwe.",
      account: "Account",
      code: "Code",
      secondsLeft: "Nog geldig",
      seconds_one: "{{count}} seconde",
      seconds_other: "{{count}} seconden",
    },
  },
  privacy: {
    title: "Privacyverklaring",
    version: "Versie {{version}}",
    intro: "Noaber gaat zorgvuldig om met uw gegevens. Hier leest u welke gegevens we gebruiken, waarom, en wat uw rechten zijn.",
    controller: {
      title: "Wie is verantwoordelijk?",
      body: "De gemeente die Noaber gebruikt, is verantwoordelijk voor uw gegevens. Coördinatoren van de gemeente en de wijkteams werken met Noaber.",
    },
    data: {
      title: "Welke gegevens?",
      body: "Uw naam, e-mailadres, postcode en wijk. Als u dat zelf invult ook uw telefoonnummer, wat u kunt en wanneer u kunt. Als u hulp vraagt ook wat helpers moeten weten.",
    },
    purposes: {
      title: "Waarvoor?",
      body: "Om u te laten inloggen, om hulpvragen en vrijwilligers bij elkaar te brengen, om u e-mail te sturen over waar u zich voor hebt aangemeld, en om de gemeente cijfers te geven. Die cijfers zijn altijd opgeteld en nooit over één persoon.",
    },
    careData: {
      title: "Gegevens over zorg",
      body: "Gegevens over zorg zijn extra gevoelig. We vragen er apart toestemming voor. Alleen de vrijwilliger die u helpt, ziet ze, zolang de hulp loopt. De coördinator ziet ze ook, en nog korte tijd nadat de hulp is afgelopen (zie de tabel bij “Hoe lang bewaren we ze?”). Elke keer dat iemand ze bekijkt, schrijven we dat op. U kunt zien wie uw gegevens heeft bekeken.",
    },
    circles: {
      title: "Zorgkringen en gesprekken",
      body: "In een zorgkring delen familie, vrienden en buren de zorg voor één persoon. Wat er in een kring staat (taken, notities, berichten op het prikbord en het gesprek) zien alleen de leden van die kring. De coördinator en de beheerder zien het niet. Wie stopt met de kring, ziet er daarna niets meer van. Elke keer dat een lid iets leest wat een ander schreef, schrijven we dat op; de persoon die de kring begon, ziet dat bij “Mijn gegevens”. Een uitnodiging werkt 14 dagen en maar één keer. In e-mail en in uw agenda-link staat alleen dát er iets nieuws is of dat er een taak is, en wanneer; nooit de tekst of de notities. In gesprekken ziet niemand uw e-mailadres of telefoonnummer. Alleen als de kring zelf een hulpvraag stuurt, ziet de coördinator die hulpvraag, met wat u daarin zette.",
    },
    signIns: {
      title: "Inloggen en beveiliging",
      body: "Als u inlogt, schrijven we op wanneer en met welk soort apparaat (bijvoorbeeld “Firefox · Windows”), nooit meer dan dat. Dat ziet u zelf op de pagina Beveiliging, zodat u merkt als iemand anders in uw account kwam. Coördinatoren en beheerders bevestigen met een tweede stap: een passkey of een app met codes. Van een passkey bewaren we alleen het openbare deel.",
    },
    sharing: {
      title: "Met wie delen we gegevens?",
      body: "We verkopen uw gegevens nooit. We gebruiken een dienst om e-mail te versturen. Die dienst krijgt alleen uw e-mailadres en de tekst van de e-mail. In e-mail staan nooit gegevens over zorg.",
    },
    retention: {
      title: "Hoe lang bewaren we ze?",
      body: "We bewaren uw account zolang u Noaber gebruikt. De rest wissen of anonimiseren we als het niet meer nodig is. In de tabel hieronder staat hoe lang we wat bewaren. Als u uw account verwijdert, wissen of anonimiseren we alles wat naar u wijst.",
    },
    rights: {
      title: "Uw rechten",
      body: "U mag uw gegevens inzien, laten verbeteren, downloaden en laten verwijderen. U mag uw toestemming altijd intrekken. Dat doet u zelf, als u bent ingelogd, op de pagina’s hieronder. Bent u het niet met ons eens, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.",
    },
    contact: {
      title: "Contact",
      body: "Vragen over privacy? Neem contact op met de coördinator van uw wijk of met de functionaris gegevensbescherming van de gemeente.",
    },
  },
  accessibility: {
    title: "Toegankelijkheidsverklaring",
    intro: "Iedereen moet Noaber kunnen gebruiken, ook mensen met een beperking en mensen die niet goed kunnen lezen.",
    standard: {
      title: "Welke eisen?",
      body: "We bouwen Noaber volgens de WCAG 2.2 op niveau AA. Dat is de norm voor websites van de overheid.",
    },
    measures: {
      title: "Wat doen we?",
      body: "Alle pagina's werken met alleen een toetsenbord en zonder JavaScript, en op een klein scherm. De teksten zijn in eenvoudig Nederlands (B1) en in het Engels. Elke wijziging wordt automatisch getest op toegankelijkheid.",
    },
    limits: {
      title: "Wat werkt nog niet goed?",
      body: "Kaarten op de sociale kaart zijn niet voor iedereen goed te gebruiken. Daarom staat dezelfde informatie altijd ook in een lijst.",
    },
    contact: {
      title: "Loopt u ergens tegenaan?",
      body: "Laat het ons weten via de coördinator van uw wijk. We antwoorden binnen 5 werkdagen.",
    },
  },
  coordinator: {
    title: "Coördinator",
    intro: "U bent coördinator voor deze wijken:",
    none: "U bent nog voor geen enkele wijk coördinator.",
  },
  admin: {
    title: "Beheer",
    neighbourhoods: "Wijken",
    postcodes: "Postcodes",
    organisations: "Organisaties",
    municipality: "Gemeente",
    status: "Status",
    statusPending: "Wacht op goedkeuring",
    statusApproved: "Goedgekeurd",
  },
  errors: {
    title: "Er ging iets mis",
    notFound: "Deze pagina bestaat niet.",
    forbidden: "U mag deze pagina niet zien.",
    unauthenticated: "Log eerst in.",
    conflict: "Iemand anders heeft dit net veranderd. Probeer het opnieuw.",
    validation: "Niet alles is goed ingevuld. Kijk naar de meldingen bij de velden.",
    tooLarge: "U stuurde te veel gegevens in één keer. Maak het korter en probeer het opnieuw.",
    tooManyRequests: "U hebt het te vaak geprobeerd. Wacht even en probeer het dan opnieuw.",
    crossOrigin: "Dit formulier kwam niet van Noaber en is daarom geweigerd.",
    stepUp: "Bevestig met uw tweede stap dat u het bent. Daarna gaat u verder.",
    unexpected: "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
    backHome: "Naar de startpagina",
    email: { required: "Vul uw e-mailadres in.", invalid: "Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.nl" },
    code: { required: "Vul de code in.", format: "De code heeft 6 tekens." },
    signIn: {
      codeInvalid: "Deze code klopt niet of is te oud. Controleer de code of vraag een nieuwe aan.",
      linkInvalid: "Deze link werkt niet meer. Vraag een nieuwe link aan.",
    },
    name: { required: "Vul uw naam in.", tooLong: "Uw naam mag hoogstens 100 tekens zijn." },
    postcode: {
      required: "Vul uw postcode in.",
      format: "Vul een postcode in zoals 7511 AB.",
      outsideMunicipality: "Deze postcode hoort niet bij onze gemeente. Noaber werkt alleen in deze gemeente.",
    },
    consent: { required: "U moet akkoord gaan met de privacyverklaring om een account te maken." },
  },
  email: {
    layout: {
      footer: "Deze e-mail komt van Noaber, het platform voor buren die elkaar helpen.",
      essential: "U krijgt deze e-mail omdat hij nodig is voor uw account.",
    },
    signIn: {
      subject: "Uw inloglink voor Noaber",
      preview: "Log in met de link of de code {{code}}",
      greeting: "Hallo {{name}},",
      greetingNew: "Hallo,",
      intro: "Klik op de knop om in te loggen bij Noaber.",
      button: "Inloggen",
      codeIntro: "Of vul deze code in op de inlogpagina:",
      expiry: "De link en de code werken {{minutes}} minuten en maar één keer.",
      notYou: "Hebt u niet om deze e-mail gevraagd? Dan kunt u hem negeren.",
    },
  },
};

export const nl = {
  ...base,
  ...activitiesMessages.nl,
  ...activityPagesMessages.nl,
  ...communityMessages.nl,
  ...helpRequestsMessages.nl,
  ...helpCoordinatorMessages.nl,
  ...helpRequestPagesMessages.nl,
  ...helpMatchMessages.nl,
  ...organiserMessages.nl,
  ...scheduleMessages.nl,
  ...calendarMessages.nl,
  ...signalsMessages.nl,
  ...socialMapMessages.nl,
  ...remindersMessages.nl,
  ...afterSessionMessages.nl,
  ...notificationsMessages.nl,
  ...facilityExchangeMessages.nl,
  ...securityMessages.nl,
  ...securitySettingsMessages.nl,
  ...privacyRightsMessages.nl,
  ...retentionMessages.nl,
  ...careConsentMessages.nl,
  ...profileMessages.nl,
  ...accountDeletionMessages.nl,
  ...circlesMessages.nl,
  ...circleTasksMessages.nl,
  ...circleHandOffMessages.nl,
  ...conversationsMessages.nl,
};

export type Messages = Shape<typeof nl>;
