import { createResendTransport } from "~/server/email-transport.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL, readSignIn, type createResendMock } from "#tests/mocks/resend";
import type { TestServer } from "./server";
import type { createBrowserlessClient } from "./http";

export const resendEnv = { RESEND_API_KEY: RESEND_TEST_API_KEY, RESEND_BASE_URL: RESEND_TEST_BASE_URL };

/** A worker that sends the server's outbox through the (mocked) Resend API. */
export function resendWorker(server: TestServer, now: () => number) {
  return createOutboxWorker({
    database: server.database,
    transport: createResendTransport(RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL),
    keys: server.services.keys,
    logger: server.logger,
    from: "Noaber <noreply@noaber.test>",
    now,
  });
}

/** A municipality with one neighbourhood covering postcode area 7511, and one resident. */
export async function seedResident(server: TestServer, values: { email: string; name: string }) {
  return server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, postcodes: ["7511"] });
    const person = await createUser(tx, { ...values, neighbourhoodId: area.id, postcode: "7511AB" });
    return { town, area, person };
  });
}

/** Asks for a sign-in mail over HTTP, lets the worker send it, and reads link and code from it. */
export async function requestSignInMail(
  client: ReturnType<typeof createBrowserlessClient>,
  worker: ReturnType<typeof resendWorker>,
  mock: ReturnType<typeof createResendMock>,
  email: string,
) {
  const before = mock.sent.length;
  const response = await client.post("/login", { intent: "request", email });
  await worker.runOnce();
  const mail = mock.sent.slice(before).find((m) => m.to.includes(email.toLowerCase()));
  return { response, mail, ...(mail ? readSignIn(mail) : { link: undefined, code: undefined }) };
}
