import { useNavigate, useRevalidator } from "@remix-run/react";
import { useId, useState } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { RecoveryCodes } from "./recovery-codes";

// The browser part of passkeys: create one (PasskeyEnrolButton) or prove one (PasskeySignInButton).
// Both talk JSON to /login/passkey; @simplewebauthn/browser is loaded only when a button is pressed.
// Without JavaScript these buttons do nothing: pages offer the authenticator app next to them.

const ENDPOINT = "/login/passkey";

type Problem = "cancelled" | "notSupported" | "failed" | { locked: number };

/** What /login/passkey answers (JSON); `ok: false` comes with a 4xx status. */
type Answer =
  | { ok: true; options?: unknown; recoveryCodes?: string[] | null }
  | { ok: false; reason: "invalid" | "bad-request" | "no-passkey" | "step-up" | "failed"; location?: string }
  | { ok: false; reason: "locked"; minutes: number };

async function call(body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  try {
    return (await response.json()) as Answer;
  } catch {
    return { ok: false, reason: "failed" };
  }
}

/** Turns a refused answer into what the person reads (a step-up first goes to the page that asks it). */
function problemOf(answer: Exclude<Answer, { ok: true }>): Problem {
  if (answer.reason === "locked") return { locked: answer.minutes };
  if (answer.reason === "step-up" && answer.location) window.location.assign(answer.location);
  return "failed";
}

/** What the browser's WebAuthn error means for the person: they stopped, it cannot, or it failed. */
function problemOfError(error: unknown): Problem {
  const name = error instanceof Error ? error.name : "";
  const code = error && typeof error === "object" && "code" in error ? String(error.code) : "";
  if (name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED") return "cancelled";
  if (name === "NotSupportedError" || name === "SecurityError") return "notSupported";
  return "failed";
}

function useProblemText() {
  const { t } = useTranslation();
  return (problem: Problem | null) =>
    problem === null
      ? ""
      : typeof problem === "object"
        ? problem.locked === 1
          ? t("security.login.errors.lockedMinute")
          : t("security.login.errors.locked", { minutes: problem.locked })
        : t(`security.login.passkey.${problem}`);
}

function Message({ problem, done }: { problem: Problem | null; done?: string }) {
  const text = useProblemText()(problem);
  return (
    <p className={`passkey__message${problem ? " passkey__message--error" : ""}`} role="status" aria-live="polite">
      {text || done || ""}
    </p>
  );
}

export interface PasskeyEnrolButtonProps {
  /**
   * Where to go once the passkey is added. When it was the person's first factor, the 10 recovery
   * codes are shown here first, with an "I have saved them — continue" link to this address.
   * Without it the page's data is reloaded and a short "added" message is read out.
   */
  redirectTo?: string;
  /**
   * Called once the passkey is added, with the recovery codes when it was the person's first factor
   * (else null). When given, the caller shows the codes and decides where to go next.
   */
  onDone?: (enrolled: { recoveryCodes: string[] | null }) => void;
}

/**
 * "Add a passkey": a name field (default "Passkey") and a button that lets the browser create a
 * passkey for this site and stores it. Needs JavaScript; errors are read out in a live region.
 */
export function PasskeyEnrolButton({ redirectTo, onDone }: PasskeyEnrolButtonProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const id = useId();
  const [name, setName] = useState(() => t("security.login.passkey.defaultName"));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [added, setAdded] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function enrol() {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    setAdded(false);
    try {
      const { startRegistration, browserSupportsWebAuthn } = await import("@simplewebauthn/browser");
      if (!browserSupportsWebAuthn()) return setProblem("notSupported");
      const options = await call({ intent: "register-options" });
      if (!options.ok) return setProblem(problemOf(options));
      let response;
      try {
        response = await startRegistration({ optionsJSON: options.options as Parameters<typeof startRegistration>[0]["optionsJSON"] });
      } catch (error) {
        return setProblem(problemOfError(error));
      }
      const result = await call({ intent: "register", name: name.trim() || t("security.login.passkey.defaultName"), response });
      if (!result.ok) return setProblem(problemOf(result));
      const recoveryCodes = result.recoveryCodes ?? null;
      if (onDone) return onDone({ recoveryCodes });
      if (recoveryCodes) return setCodes(recoveryCodes);
      setAdded(true);
      if (redirectTo) navigate(redirectTo);
      else revalidator.revalidate();
    } catch {
      setProblem("failed");
    } finally {
      setBusy(false);
    }
  }

  if (codes) return <RecoveryCodes codes={codes} continueTo={redirectTo} />;
  return (
    <div className="passkey stack">
      <div className="field utrecht-form-field">
        <label htmlFor={`${id}-name`} className="utrecht-form-label">
          {t("security.login.passkey.nameLabel")}
        </label>
        <p id={`${id}-hint`} className="field__hint utrecht-form-field-description">
          {t("security.login.passkey.nameHint")}
        </p>
        <input
          id={`${id}-name`}
          type="text"
          value={name}
          maxLength={60}
          autoComplete="off"
          aria-describedby={`${id}-hint`}
          onChange={(event) => setName(event.target.value)}
          className="utrecht-textbox utrecht-textbox--html-input"
        />
      </div>
      <p>
        <button type="button" className="button button--primary utrecht-button" aria-disabled={busy} onClick={() => void enrol()}>
          {busy ? t("security.login.passkey.working") : t("security.login.passkey.add")}
        </button>
      </p>
      <Message problem={problem} done={added ? t("security.login.passkey.added") : undefined} />
    </div>
  );
}

/**
 * "Confirm with a passkey": the browser proves one of the person's passkeys for this session, then
 * the person goes on to `redirectTo`. Needs JavaScript; errors are read out in a live region.
 */
export function PasskeySignInButton({ redirectTo }: { redirectTo: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function signIn() {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    let leaving = false;
    try {
      const { startAuthentication, browserSupportsWebAuthn } = await import("@simplewebauthn/browser");
      if (!browserSupportsWebAuthn()) return setProblem("notSupported");
      const options = await call({ intent: "auth-options" });
      if (!options.ok) return setProblem(problemOf(options));
      let response;
      try {
        response = await startAuthentication({
          optionsJSON: options.options as Parameters<typeof startAuthentication>[0]["optionsJSON"],
        });
      } catch (error) {
        return setProblem(problemOfError(error));
      }
      const result = await call({ intent: "auth", response });
      if (!result.ok) return setProblem(problemOf(result));
      // A full page load: the whole page (navigation, rights) changes once the session is verified.
      leaving = true;
      window.location.assign(redirectTo);
    } catch {
      setProblem("failed");
    } finally {
      if (!leaving) setBusy(false);
    }
  }

  return (
    <div className="passkey stack">
      <p>
        <button type="button" className="button button--primary utrecht-button" aria-disabled={busy} onClick={() => void signIn()}>
          {busy ? t("security.login.passkey.working") : t("security.login.passkey.signIn")}
        </button>
      </p>
      <Message problem={problem} />
    </div>
  );
}
