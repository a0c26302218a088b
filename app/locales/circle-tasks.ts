// Messages for The task calendar of a care circle: tasks, claims, load and hand-off.
import type { Shape } from "./shape";

const nl = {
  circleTasks: {
    title: "Taken in de kring",
  },
};

const en: Shape<typeof nl> = {
  circleTasks: {
    title: "Circle tasks",
  },
};

export const circleTasksMessages = { nl, en };
