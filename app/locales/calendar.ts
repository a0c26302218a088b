// Messages for calendar feeds (RFC 5545): the personal feed link on /me/schedule and calendar files.
import type { Shape } from "./shape";

const nl = {
  calendar: {
    title: "Agenda-link",
    intro:
      "Met een agenda-link ziet u uw afspraken uit Noaber in uw eigen agenda-app (bijvoorbeeld op uw telefoon). Uw agenda haakt de afspraken zelf op.",
    secret: "Deel deze link met niemand: wie de link heeft, ziet uw afspraken. Maakt u een nieuwe link, dan werkt de oude niet meer.",
    hasLink: "U hebt al een agenda-link. Kwijt? Maak dan een nieuwe.",
    make: "Agenda-link maken / vernieuwen",
    created: "Uw nieuwe agenda-link. Kopieer hem nu: u ziet hem maar één keer.",
    linkLabel: "Agenda-link",
    addSession: "Zet in mijn agenda",
    helpSummary: "Hulp: {{kind}}",
    circleTaskSummary: "Taak in uw kring: {{kind}}",
  },
};

const en: Shape<typeof nl> = {
  calendar: {
    title: "Calendar link",
    intro:
      "With a calendar link you see your Noaber appointments in your own calendar app (for example on your phone). Your calendar fetches them by itself.",
    secret: "Do not share this link: anyone with the link sees your appointments. When you make a new link, the old one stops working.",
    hasLink: "You already have a calendar link. Lost it? Make a new one.",
    make: "Make / renew calendar link",
    created: "Your new calendar link. Copy it now: you only see it once.",
    linkLabel: "Calendar link",
    addSession: "Add to my calendar",
    helpSummary: "Help: {{kind}}",
    circleTaskSummary: "Task in your circle: {{kind}}",
  },
};

export const calendarMessages = { nl, en };
