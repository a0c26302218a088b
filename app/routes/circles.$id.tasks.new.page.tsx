import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CircleNav } from "~/components/circles/circle-nav";
import { ChoiceGroup, FormErrors, InputField, SelectField, TextAreaField } from "~/components/forms";
import { CIRCLE_TASK_LIMITS, circleTaskKinds, createCircleTaskSchema } from "~/domain/circles/shared";
import { useTranslation } from "~/locales/i18n-react";
import type { action, loader } from "./circles.$id.tasks.new";

const weekdays = [1, 2, 3, 4, 5, 6, 7];

export default function NewCircleTaskPage() {
  const { circle, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "new-circle-task",
    lastResult: actionData?.result,
    constraint: getZodConstraint(createCircleTaskSchema),
    defaultValue: { repeat: "once", interval: "1", places: "1", startDate: today },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createCircleTaskSchema }),
  });
  const weekdayOptions = weekdays.map((d) => ({ value: String(d), label: t(`organiser.weekdays.${d}`) }));
  const f = "circleTasks.form";
  return (
    <section className="stack narrow circle-task-form">
      <CircleNav circleId={circle.id} name={circle.name} />
      <p>
        <Link to={`/circles/${circle.id}`} className="utrecht-link">
          {t(`${f}.back`)}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t(`${f}.title`)}</h1>
      <p className="utrecht-paragraph">{t(`${f}.intro`)}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        {form.status === "error" ? (
          <div role="alert" className="alert alert--error">
            <p>{t("errors.validation")}</p>
          </div>
        ) : null}
        <fieldset className="form-section">
          <legend>{t(`${f}.title`)}</legend>
          <SelectField
            field={fields.kind}
            label={t(`${f}.kind`)}
            placeholder={t(`${f}.choose`)}
            options={circleTaskKinds.map((k) => ({ value: k, label: t(`circleTasks.kinds.${k}`) }))}
          />
          <InputField field={fields.title} label={t(`${f}.titleLabel`)} hint={t(`${f}.titleHint`, { max: CIRCLE_TASK_LIMITS.title })} />
          <TextAreaField field={fields.notes} label={t(`${f}.notes`)} hint={t(`${f}.notesHint`)} rows={3} />
          <InputField field={fields.places} type="number" inputMode="numeric" label={t(`${f}.places`)} />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t(`${f}.repeat`)}</legend>
          <p className="field__hint">{t(`${f}.zoneNote`, { zone: circle.timeZone })}</p>
          <InputField field={fields.startDate} type="date" label={t(`${f}.startDate`)} hint={t(`${f}.dateHint`)} />
          <div className="field-row">
            <InputField field={fields.startTime} type="time" label={t(`${f}.startTime`)} hint={t(`${f}.timeHint`)} />
            <InputField field={fields.endTime} type="time" label={t(`${f}.endTime`)} hint={t(`${f}.timeHint`)} />
          </div>
          <ChoiceGroup
            field={fields.repeat}
            legend={t(`${f}.repeat`)}
            type="radio"
            options={(["once", "weekly", "monthly"] as const).map((r) => ({ value: r, label: t(`${f}.repeatOptions.${r}`) }))}
          />
          <fieldset className="form-subsection">
            <legend>{t(`${f}.weeklyLegend`)}</legend>
            <InputField
              field={fields.interval}
              type="number"
              inputMode="numeric"
              label={t(`${f}.interval`)}
              hint={t(`${f}.intervalHint`)}
            />
            <ChoiceGroup field={fields.weekdays} legend={t(`${f}.weekdays`)} type="checkbox" options={weekdayOptions} />
          </fieldset>
          <fieldset className="form-subsection">
            <legend>{t(`${f}.monthlyLegend`)}</legend>
            <div className="field-row">
              <SelectField
                field={fields.monthlyNth}
                label={t(`${f}.nth`)}
                placeholder={t(`${f}.choose`)}
                options={["1", "2", "3", "4", "-1"].map((n) => ({ value: n, label: t(`organiser.nth.${n === "-1" ? "last" : n}`) }))}
              />
              <SelectField
                field={fields.monthlyWeekday}
                label={t(`${f}.weekday`)}
                placeholder={t(`${f}.choose`)}
                options={weekdayOptions}
              />
            </div>
          </fieldset>
          <fieldset className="form-subsection">
            <legend>{t(`${f}.endLegend`)}</legend>
            <ChoiceGroup
              field={fields.endKind}
              legend={t(`${f}.endKind`)}
              type="radio"
              options={(["until", "count"] as const).map((k) => ({ value: k, label: t(`${f}.endOptions.${k}`) }))}
            />
            <div className="field-row">
              <InputField field={fields.until} type="date" label={t(`${f}.until`)} />
              <InputField field={fields.count} type="number" inputMode="numeric" label={t(`${f}.count`)} />
            </div>
          </fieldset>
        </fieldset>
        <button type="submit" className="button button--primary utrecht-button">
          {t(`${f}.submit`)}
        </button>
      </Form>
    </section>
  );
}
