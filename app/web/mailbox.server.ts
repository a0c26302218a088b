import { demoSecondFactorCodes } from "../demo/second-factor";
import { findMailboxMessage, listMailboxMessages } from "../server/email-transport.server";
import type { Env } from "../server/env.server";
import type { AppServices } from "../server/services.server";

type Database = AppServices["database"];

/**
 * The one guard of the /dev/mailbox routes: they exist only while the local mailbox is switched on
 * (env.mailboxEnabled, see LOCAL_MAILBOX); otherwise they answer 404 like any unknown path.
 */
export function requireMailbox(env: Pick<Env, "mailboxEnabled">) {
  if (!env.mailboxEnabled) throw new Response("Not found", { status: 404 });
}

export async function listMailbox(database: Database) {
  return listMailboxMessages(database);
}

export async function getMailboxMessage(database: Database, id: number) {
  const row = Number.isSafeInteger(id) ? await findMailboxMessage(database, id) : undefined;
  if (!row) throw new Response("Not found", { status: 404 });
  return row;
}

/** For the demo: the current authenticator-app code of each demo staff account (none elsewhere). */
export async function listDemoCodes(services: Pick<AppServices, "database" | "keys" | "now">) {
  return demoSecondFactorCodes(services.database, { keys: services.keys, now: services.now() });
}
