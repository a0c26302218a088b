// Messages for The task calendar of a care circle: tasks, claims, load and hand-off.
import type { Shape } from "./shape";

const nl = {
  circleTasks: {
    title: "",
  },
};

const en: Shape<typeof nl> = {
  circleTasks: {
    title: "",
  },
};

export const circleTasksMessages = { nl, en };
