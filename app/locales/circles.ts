// Messages for Care circles: start one, members, invitations (decision 048).
import type { Shape } from "./shape";

const nl = {
  circles: {
    title: "Mijn kringen",
    nav: {
      label: "Kring: {{name}}",
      calendar: "Taken",
      updates: "Berichten op het prikbord",
      messages: "Gesprek",
      members: "Leden",
    },
  },
};

const en: Shape<typeof nl> = {
  circles: {
    title: "My circles",
    nav: {
      label: "Circle: {{name}}",
      calendar: "Tasks",
      updates: "Updates board",
      messages: "Conversation",
      members: "Members",
    },
  },
};

export const circlesMessages = { nl, en };
