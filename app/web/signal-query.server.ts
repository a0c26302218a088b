import { Validation } from "~/domain/errors";
import { reportQuerySchema, type ReportQueryInput } from "~/domain/signals/shared";

export interface QueryValues {
  from: string;
  to: string;
  granularity: string;
  area: string;
}

/**
 * Runs a signals page's GET form (?from=&to=&granularity=&area=) through its verb. Bad values come
 * back as field errors with what was typed, and the page falls back to the default period
 * (status 400) instead of failing.
 */
export async function runPeriodQuery<T>(request: Request, verb: (input: ReportQueryInput) => Promise<T>) {
  const params = new URL(request.url).searchParams;
  const values: QueryValues = {
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    granularity: params.get("granularity") ?? "month",
    area: params.get("area") ?? "",
  };
  const parsed = reportQuerySchema.safeParse(values);
  let errors: Record<string, string[]> = {};
  if (parsed.success) {
    try {
      return { value: await verb(parsed.data), values, errors, status: 200 };
    } catch (error) {
      if (!(error instanceof Validation)) throw error;
      errors = error.fieldErrors;
    }
  } else {
    errors = parsed.error.flatten().fieldErrors as Record<string, string[]>;
  }
  return { value: await verb({ granularity: "month" }), values, errors, status: 400 };
}
