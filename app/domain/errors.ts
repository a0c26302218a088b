/**
 * Typed domain errors. The domain throws these; `toResponse` in app/web/request.server.ts maps them to HTTP
 * responses and form errors in one place. Messages are translation keys, never user text.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: "not-found" | "forbidden" | "conflict" | "validation" | "unauthenticated" | "step-up",
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(message = "errors.notFound") {
    super("not-found", message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = "errors.forbidden") {
    super("forbidden", message);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = "errors.unauthenticated") {
    super("unauthenticated", message);
  }
}

export class Conflict extends DomainError {
  constructor(message = "errors.conflict") {
    super("conflict", message);
  }
}

/** Bad input. `fieldErrors` maps a form field name to translation keys shown next to it. */
export class Validation extends DomainError {
  constructor(fieldErrors: Record<string, string[]>, message = "errors.validation") {
    super("validation", message, fieldErrors);
  }
}

/**
 * Care data, role changes and the factors themselves need a recent second-factor proof: the web
 * layer sends the person to /login/second-factor and back.
 */
export class StepUpRequired extends DomainError {
  constructor(message = "errors.stepUp") {
    super("step-up", message);
  }
}
