import { z } from "zod";

// Conversations (decision 048): what is safe in the browser. Messages are translation keys
// (app/locales/conversations.ts).

/** The longest message or update, in characters (the database CHECKs the same). */
export const MESSAGE_MAX = 4000;

const E = "conversations.errors.body";

/** The text of a message or an update: 1–4000 characters after trimming. */
export const postTextSchema = z
  .string({ required_error: `${E}.required` })
  .trim()
  .min(1, `${E}.required`)
  .max(MESSAGE_MAX, `${E}.tooLong`);

/** The form that sends a message (also the form that posts an update). */
export const messageSchema = z.object({ body: postTextSchema });

/** Close or reopen a help-request conversation (coordinators of the request). */
export const closeConversationSchema = z.object({ close: z.enum(["close", "reopen"]) });

/** What a conversation is about. */
export type ConversationSubject = { kind: "request"; id: number } | { kind: "circle"; id: number };

/** The page a conversation lives on (links in email and on pages). */
export function conversationPath(subject: ConversationSubject): string {
  return subject.kind === "request" ? `/requests/${subject.id}/messages` : `/circles/${subject.id}/messages`;
}
