import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CircleNav } from "~/components/circles/circle-nav";
import { CheckboxField, FormErrors } from "~/components/forms";
import { cancelCircleTaskSchema } from "~/domain/circles/shared";
import { useTranslation } from "~/locales/i18n-react";
import type { action, loader } from "./circles.$id.tasks.$taskId";

export default function CircleTaskPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "cancel-circle-task",
    lastResult: actionData?.result,
    constraint: getZodConstraint(cancelCircleTaskSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cancelCircleTaskSchema }),
  });
  const { circle, task } = view;
  return (
    <section className="stack narrow">
      <CircleNav circleId={circle.id} name={circle.name} />
      <p>
        <Link to={`/circles/${circle.id}`} className="utrecht-link">
          {t("circleTasks.form.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">
        {t(`circleTasks.kinds.${task.kind}`)}: {task.title}
      </h1>
      {view.occurrenceCancelled ? (
        <p role="status" className="alert alert--ok">
          {t("circleTasks.task.occurrenceCancelled")}
        </p>
      ) : null}
      {task.cancelled ? <p className="alert">{t("circleTasks.task.cancelled")}</p> : null}
      <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
      {task.notes ? (
        <p className="circle-task__notes">
          <strong>{t("circleTasks.calendar.notes")}:</strong> {task.notes}
        </p>
      ) : null}
      <p>
        {t("circleTasks.form.places")}: {task.places}
      </p>
      <h2>{t("circleTasks.task.upcoming")}</h2>
      {view.occurrences.length === 0 ? (
        <p className="utrecht-paragraph">{t("circleTasks.task.noUpcoming")}</p>
      ) : (
        <ul className="stack">
          {view.occurrences.map((o) => (
            <li key={o.id}>
              <time dateTime={new Date(o.startsAt).toISOString()}>{o.when}</time>
              {view.mayCancel ? (
                <Form method="post" className="circle-task__form">
                  <input type="hidden" name="occurrenceId" value={o.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="cancel-occurrence"
                    className="button button--secondary utrecht-button"
                    aria-label={t("circleTasks.task.cancelOneLabel", { when: o.when })}
                  >
                    {t("circleTasks.task.cancelOne")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {view.mayCancel ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <fieldset className="form-section">
            <legend>{t("circleTasks.task.cancelLegend")}</legend>
            <p>{t("circleTasks.task.cancelText")}</p>
            <input type="hidden" name="intent" value="cancel-task" />
            <CheckboxField field={fields.confirm} label={t("circleTasks.task.cancelConfirm")} />
            <button type="submit" className="button button--secondary utrecht-button">
              {t("circleTasks.task.cancelSubmit")}
            </button>
          </fieldset>
        </Form>
      ) : task.cancelled ? null : (
        <p className="utrecht-paragraph">{t("circleTasks.task.whoMayCancel")}</p>
      )}
    </section>
  );
}
