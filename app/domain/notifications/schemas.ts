import { z } from "zod";
import { TIME_OF_DAY } from "../forms";

// The mail-settings form on /me, shared by the browser (Conform) and the domain. Messages are
// translation keys (app/locales/notifications.ts).

const E = "notifications.errors";

/** What a person's settings are when they never changed them (and what notification_setting defaults to). */
export const DEFAULT_NOTIFICATION_SETTINGS = {
  dayBeforeAt: "18:00",
  hoursBefore: 2,
  afterSession: true,
  digest: false,
  circleUpdates: true,
  messages: true,
} as const satisfies NotificationSettings;

export interface NotificationSettings {
  /** Local "HH:mm" in the person's zone, or null: no reminder the day before. */
  dayBeforeAt: string | null;
  /** 1–48, or null: no reminder shortly before. */
  hoursBefore: number | null;
  afterSession: boolean;
  digest: boolean;
  /** "New update in your circle" (a link only). */
  circleUpdates: boolean;
  /** "New message" in a conversation (a link only). */
  messages: boolean;
}

/**
 * "18:00", "18.00" (the Dutch way), "9:30" and a browser's "18:00:00" all mean a local time of
 * day; normalised to "HH:mm". Idempotent, so the domain can parse the form's output again.
 */
const timeOfDay = z
  .string()
  .trim()
  .transform((value) => {
    const match = /^(\d{1,2})[:.](\d{2})(?::\d{2})?$/.exec(value);
    return match ? `${match[1]!.padStart(2, "0")}:${match[2]}` : value;
  })
  .pipe(z.string().regex(TIME_OF_DAY, `${E}.dayBeforeAt.format`));

export const notificationSettingsSchema = z
  .object({
    dayBeforeOn: z.boolean().optional(),
    dayBeforeAt: timeOfDay.optional(),
    hoursBeforeOn: z.boolean().optional(),
    hoursBefore: z
      .number({ invalid_type_error: `${E}.hoursBefore.range` })
      .int(`${E}.hoursBefore.range`)
      .min(1, `${E}.hoursBefore.range`)
      .max(48, `${E}.hoursBefore.range`)
      .optional(),
    afterSession: z.boolean().optional(),
    digest: z.boolean().optional(),
    circleUpdates: z.boolean().optional(),
    messages: z.boolean().optional(),
  })
  .superRefine((value, issue) => {
    if (value.dayBeforeOn && value.dayBeforeAt === undefined) {
      issue.addIssue({ code: "custom", path: ["dayBeforeAt"], message: `${E}.dayBeforeAt.required` });
    }
    if (value.hoursBeforeOn && value.hoursBefore === undefined) {
      issue.addIssue({ code: "custom", path: ["hoursBefore"], message: `${E}.hoursBefore.required` });
    }
  });

export type NotificationSettingsInput = z.input<typeof notificationSettingsSchema>;
export type NotificationSettingsForm = z.output<typeof notificationSettingsSchema>;

/** The form's answer as stored settings: a switched-off reminder is null, whatever was typed. */
export function settingsFromForm(form: NotificationSettingsForm): NotificationSettings {
  return {
    dayBeforeAt: form.dayBeforeOn ? (form.dayBeforeAt ?? null) : null,
    hoursBefore: form.hoursBeforeOn ? (form.hoursBefore ?? null) : null,
    afterSession: form.afterSession ?? false,
    digest: form.digest ?? false,
    circleUpdates: form.circleUpdates ?? false,
    messages: form.messages ?? false,
  };
}
