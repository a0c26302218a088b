// Messages for "My schedule" (/me/schedule): everything a person committed to, in their own time zone.
import type { Shape } from "./shape";

const nl = {
  schedule: {
    title: "Mijn agenda",
    intro: "Hier ziet u alles waarvoor u zich hebt aangemeld: activiteiten, taken als vrijwilliger en hulpmomenten.",
    zoneNote: "Tijden staan in uw eigen tijdzone ({{zone}}).",
    periodTitle: "Van {{from}} tot en met {{to}}",
    periodNav: "Andere periode",
    previous: "Vorige periode",
    next: "Volgende periode",
    none: "In deze periode staat niets in uw agenda.",
    pastTitle: "Afgelopen 30 dagen",
    pastNone: "U had de afgelopen 30 dagen niets in uw agenda.",
    kinds: {
      participant: "Meedoen: {{title}}",
      shift: "Vrijwilliger bij {{title}}: {{role}}",
      "help-volunteer": "U helpt: {{kind}}",
      "help-requester": "Hulp voor u: {{kind}}",
      "circle-task": "Taak in uw kring: {{kind}}",
    },
    withName: "Met {{name}}",
    status: {
      confirmed: "Aangemeld",
      waitlisted: "Op de wachtlijst",
      scheduled: "Gepland",
      cancelled: "Gaat niet door",
    },
    hours: {
      confirmed: "Uren bevestigd",
      toConfirm: "Uren nog bevestigen",
      absent: "Niet aanwezig",
    },
    clash: "Let op: dit valt tegelijk met iets anders in uw agenda.",
    open: "Bekijk",
    errors: { period: "Deze periode klopt niet. U ziet nu de komende 8 weken." },
  },
};

const en: Shape<typeof nl> = {
  schedule: {
    title: "My schedule",
    intro: "Everything you signed up for: activities, volunteer shifts and helping sessions.",
    zoneNote: "Times are in your own time zone ({{zone}}).",
    periodTitle: "From {{from}} to {{to}}",
    periodNav: "Other period",
    previous: "Previous period",
    next: "Next period",
    none: "There is nothing in your schedule in this period.",
    pastTitle: "Last 30 days",
    pastNone: "You had nothing in your schedule in the last 30 days.",
    kinds: {
      participant: "Taking part: {{title}}",
      shift: "Volunteering at {{title}}: {{role}}",
      "help-volunteer": "You help: {{kind}}",
      "help-requester": "Help for you: {{kind}}",
      "circle-task": "Task in your circle: {{kind}}",
    },
    withName: "With {{name}}",
    status: {
      confirmed: "Signed up",
      waitlisted: "On the waiting list",
      scheduled: "Planned",
      cancelled: "Cancelled",
    },
    hours: {
      confirmed: "Hours confirmed",
      toConfirm: "Hours still to confirm",
      absent: "Not present",
    },
    clash: "Note: this overlaps with something else in your schedule.",
    open: "View",
    errors: { period: "This period is not valid. You now see the coming 8 weeks." },
  },
};

export const scheduleMessages = { nl, en };
