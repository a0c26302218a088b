import { expect } from "vitest";
import { Validation } from "~/domain/errors";

/** Awaits a verb expected to fail validation and returns its field errors. */
export async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Validation);
  return (error as Validation).fieldErrors;
}
