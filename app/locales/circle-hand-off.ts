// Messages for the warm hand-off of a care circle (open tasks to the coordinator, decision 048) and
// the referrals counted from facility pages.
import type { Shape } from "./shape";

const nl = {
  circleHandOff: {
    title: "Hulp vragen voor de open taken",
    intro:
      "Niemand heeft deze taken nog opgepakt. U kunt ze als hulpvraag aan de coördinator geven. Alleen wat u hieronder ziet gaat mee. Titels en notities van taken gaan niet mee.",
    openTasks: "Open taken in de komende 4 weken: {{count}}.",
    publicText: "Onze kring zoekt hulp bij: {{kinds}}. Op: {{days}}.",
    publicTextHint: "De tekst voor vrijwilligers staat al klaar. U kunt hem aanpassen.",
    submit: "Hulpvraag versturen",
    link: "Open taken als hulpvraag aan de coördinator geven",
    none: "Er zijn geen open taken in de komende 4 weken. Er is niets om over te dragen.",
    back: "Terug naar de taken",
    running: {
      title: "De coördinator heeft al een hulpvraag van deze kring",
      item: "Verstuurd op {{date}}. Status: {{status}}.",
      open: "Bekijk de hulpvraag",
      text: "Stuur alleen een nieuwe hulpvraag voor taken die daar nog niet in staan.",
    },
    taskKinds: {
      meal: "maaltijd",
      ride: "vervoer",
      company: "gezelschap",
      respite: "respijt",
      shopping: "boodschappen",
      chores: "klusjes",
      appointment: "mee naar een afspraak",
      other: "iets anders",
    },
    errors: {
      noOpenTasks: "Er zijn geen open taken meer. Er is niets om over te dragen.",
    },
    referrals: {
      title: "Hulpvragen via deze voorziening",
      intro: "Aantal hulpvragen die de afgelopen 12 maanden vanaf deze pagina zijn gestart. Alleen voor coördinatoren.",
      kind: "Soort hulp",
      count: "Aantal",
      none: "Er zijn de afgelopen 12 maanden geen hulpvragen vanaf deze pagina gestart.",
    },
  },
};

const en: Shape<typeof nl> = {
  circleHandOff: {
    title: "Ask for help with the open tasks",
    intro:
      "No one has taken these tasks yet. You can give them to the coordinator as a help request. Only what you see below is sent. Titles and notes of tasks are not sent.",
    openTasks: "Open tasks in the coming 4 weeks: {{count}}.",
    publicText: "Our circle is looking for help with: {{kinds}}. On: {{days}}.",
    publicTextHint: "The text for volunteers is filled in for you. You may change it.",
    submit: "Send help request",
    link: "Give the open tasks to the coordinator as a help request",
    none: "There are no open tasks in the coming 4 weeks. There is nothing to hand off.",
    back: "Back to the tasks",
    running: {
      title: "The coordinator already has a help request from this circle",
      item: "Sent on {{date}}. Status: {{status}}.",
      open: "View the help request",
      text: "Only send a new help request for tasks that are not in it yet.",
    },
    taskKinds: {
      meal: "a meal",
      ride: "a ride",
      company: "company",
      respite: "respite",
      shopping: "shopping",
      chores: "chores",
      appointment: "going along to an appointment",
      other: "something else",
    },
    errors: {
      noOpenTasks: "There are no open tasks any more. There is nothing to hand off.",
    },
    referrals: {
      title: "Help requests via this facility",
      intro: "Help requests started from this page in the last 12 months. Only for coordinators.",
      kind: "Kind of help",
      count: "Number",
      none: "No help requests were started from this page in the last 12 months.",
    },
  },
};

export const circleHandOffMessages = { nl, en };
