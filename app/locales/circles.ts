// Messages for Care circles: start one, members, invitations (decision 048).
import type { Shape } from "./shape";

const nl = {
  circles: {
    title: "",
  },
};

const en: Shape<typeof nl> = {
  circles: {
    title: "",
  },
};

export const circlesMessages = { nl, en };
