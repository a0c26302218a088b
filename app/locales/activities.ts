// Messages for activities, sessions, shifts and sign-ups (nl source, en must match).
import type { Shape } from "./shape";

const nl = {
  activities: {
    requirements: {
      "vog-required": "Voor deze taak is een geldige VOG nodig. Vraag de coördinator om uw VOG te registreren.",
      "skill-required": "Voor deze taak is een vaardigheid nodig die niet in uw profiel staat.",
      paused: "U hebt uw vrijwilligerswerk gepauzeerd tot na deze datum.",
    },
    errors: {
      sessionCancelled: "Deze bijeenkomst gaat niet door.",
      sessionPast: "Deze bijeenkomst is al begonnen of voorbij.",
      cutoffPassed: "Afmelden kan niet meer via Noaber. Neem contact op met de organisator.",
    },
  },
  activityEmail: {
    when: "Wanneer: {{when}}",
    where: "Waar: {{address}}",
    role: "Taak: {{role}}",
    view: "Bekijk de activiteit",
    greeting: "Hallo {{name}},",
    "signup-confirmed": {
      subject: "U bent aangemeld: {{title}}",
      intro: "U bent aangemeld voor {{title}}. Fijn dat u meedoet!",
    },
    "signup-waitlisted": {
      subject: "U staat op de wachtlijst: {{title}}",
      intro: "{{title}} is vol. U staat op de wachtlijst. Komt er een plek vrij, dan krijgt u die automatisch en sturen we u een e-mail.",
    },
    "signup-promoted": {
      subject: "Er is een plek vrij: {{title}}",
      intro: "Goed nieuws: er is een plek vrijgekomen bij {{title}}. U bent nu aangemeld.",
    },
  },
};

const en: Shape<typeof nl> = {
  activities: {
    requirements: {
      "vog-required": "This task needs a valid certificate of conduct (VOG). Ask the coordinator to register yours.",
      "skill-required": "This task needs a skill that is not in your profile.",
      paused: "You paused your volunteering until after this date.",
    },
    errors: {
      sessionCancelled: "This session does not take place.",
      sessionPast: "This session has already started or is over.",
      cutoffPassed: "You can no longer cancel through Noaber. Please contact the organiser.",
    },
  },
  activityEmail: {
    when: "When: {{when}}",
    where: "Where: {{address}}",
    role: "Task: {{role}}",
    view: "View the activity",
    greeting: "Hello {{name}},",
    "signup-confirmed": {
      subject: "You are signed up: {{title}}",
      intro: "You are signed up for {{title}}. Glad you are joining!",
    },
    "signup-waitlisted": {
      subject: "You are on the waitlist: {{title}}",
      intro: "{{title}} is full. You are on the waitlist. If a place comes free, you get it automatically and we will email you.",
    },
    "signup-promoted": {
      subject: "A place came free: {{title}}",
      intro: "Good news: a place came free at {{title}}. You are now signed up.",
    },
  },
};

export const activitiesMessages = { nl, en };
