import { desc, eq } from "drizzle-orm";
import type { Database } from "#db/client";
import { mailboxMessage } from "#db/schema";
import type { Env } from "../server/env.server";

/**
 * The one guard of the /dev/mailbox routes: they exist only while the local mailbox is switched on
 * (env.mailboxEnabled, see LOCAL_MAILBOX); otherwise they answer 404 like any unknown path.
 */
export function requireMailbox(env: Pick<Env, "mailboxEnabled">) {
  if (!env.mailboxEnabled) throw new Response("Not found", { status: 404 });
}

export async function listMailbox(database: Database) {
  return database.db
    .select({
      id: mailboxMessage.id,
      toAddress: mailboxMessage.toAddress,
      subject: mailboxMessage.subject,
      receivedAt: mailboxMessage.receivedAt,
    })
    .from(mailboxMessage)
    .orderBy(desc(mailboxMessage.id))
    .limit(200);
}

export async function getMailboxMessage(database: Database, id: number) {
  const row = Number.isSafeInteger(id)
    ? await database.db.query.mailboxMessage.findFirst({ where: eq(mailboxMessage.id, id) })
    : undefined;
  if (!row) throw new Response("Not found", { status: 404 });
  return row;
}
