// Messages for Conversations (help requests and circles) and a circle's updates board.
import type { Shape } from "./shape";

const nl = {
  conversations: {
    title: "Gesprekken",
  },
};

const en: Shape<typeof nl> = {
  conversations: {
    title: "Conversations",
  },
};

export const conversationsMessages = { nl, en };
