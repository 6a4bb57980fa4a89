import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ProgramSchema } from '~/domain/programs/schemas';
import { timeInputProps } from '~/lib/date-input';
import { ErrorList, Field } from '~/components/field';
import { SelectField } from '~/components/select-field';
import { TextareaField } from './textarea-field';

export type ProgramFormDefaults = {
  code?: string;
  title?: string;
  description?: string | null;
  schemeName?: string | null;
  schemeNumber?: string | null;
  competencyStandard?: string | null;
  attendanceMinPercent?: number;
  attendanceCountsExcused?: boolean;
  lateGraceMinutes?: number;
  checkInOpensMinutes?: number;
  attendanceCorrectionHours?: number;
  targetPositions?: string;
  competencyValidityMonths?: number;
  trainingValidityMonths?: number | null;
  certificateNumberPattern?: string;
  defaultInstituteId?: string | null;
  defaultCertificationBodyId?: string | null;
  units: { id?: string; code: string; title: string }[];
  days: { kind: 'training' | 'exam'; title: string; topics?: string | null; startsAtTime: string; endsAtTime: string }[];
};

/**
 * The program form: plain fields, then the units and the day plan as lists that grow,
 * shrink and reorder with buttons. Without JavaScript those buttons post the form and
 * the server answers with the changed list (conform's list intents).
 */
/** What conform's list buttons (reorder, remove) spread on a submit button. */
type ButtonProps = { name: string; value: string; form: string; formNoValidate: boolean };

/** Move up, move down and remove for one row of a list (plain submit buttons: no JavaScript needed). */
function RowActions({ label, index, count, moveUp, moveDown, remove }: { label: string; index: number; count: number; moveUp: ButtonProps; moveDown: ButtonProps; remove: ButtonProps }) {
  const { t } = useTranslation('programs');
  return (
    <div className="row-actions">
      {index > 0 ? (
        <button className="button secondary small" {...moveUp} aria-label={`${t('form.moveUp')}: ${label}`}>
          ↑ {t('form.moveUp')}
        </button>
      ) : null}
      {index < count - 1 ? (
        <button className="button secondary small" {...moveDown} aria-label={`${t('form.moveDown')}: ${label}`}>
          ↓ {t('form.moveDown')}
        </button>
      ) : null}
      <button className="button secondary small" {...remove} aria-label={`${t('form.remove')}: ${label}`}>
        {t('form.remove')}
      </button>
    </div>
  );
}

export function ProgramForm({
  lastResult,
  defaultValue,
  partners,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: ProgramFormDefaults;
  partners: { institutes: { id: string; name: string }[]; certificationBodies: { id: string; name: string }[] };
  submitLabel: string;
}) {
  const { t } = useTranslation('programs');
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ProgramSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgramSchema }),
  });
  const units = fields.units.getFieldList();
  const days = fields.days.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="program-form">
      {/* Enter in a field saves the form, not the first list button below. */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>{t('form.basics')}</legend>
        <Field label={t('form.code')} hint={t('form.codeHint')} inputProps={getInputProps(fields.code, { type: 'text' })} errors={fields.code.errors} />
        <Field label={t('form.title')} inputProps={getInputProps(fields.title, { type: 'text' })} errors={fields.title.errors} />
        <TextareaField label={t('form.description')} textareaProps={getTextareaProps(fields.description)} errors={fields.description.errors} />
        <Field label={t('form.schemeName')} inputProps={getInputProps(fields.schemeName, { type: 'text' })} errors={fields.schemeName.errors} />
        <Field label={t('form.schemeNumber')} inputProps={getInputProps(fields.schemeNumber, { type: 'text' })} errors={fields.schemeNumber.errors} />
        <Field
          label={t('form.competencyStandard')}
          hint={t('form.competencyStandardHint')}
          inputProps={getInputProps(fields.competencyStandard, { type: 'text' })}
          errors={fields.competencyStandard.errors}
        />
      </fieldset>

      <fieldset>
        <legend>{t('form.units')}</legend>
        <p className="hint">{t('form.unitsHint')}</p>
        <ErrorList id={fields.units.errorId} errors={fields.units.errors} />
        <ol className="row-list">
          {units.map((unit, index) => {
            const unitFields = unit.getFieldset();
            return (
              <li key={unit.key ?? `unit-${index}`} className="row-card">
                <fieldset>
                  <legend>{t('form.unitN', { n: index + 1 })}</legend>
                  <input {...getInputProps(unitFields.id, { type: 'hidden' })} />
                  <Field label={t('form.unitCode')} inputProps={getInputProps(unitFields.code, { type: 'text' })} errors={unitFields.code.errors} />
                  <Field label={t('form.unitTitle')} inputProps={getInputProps(unitFields.title, { type: 'text' })} errors={unitFields.title.errors} />
                  <RowActions
                    label={t('form.unitN', { n: index + 1 })}
                    index={index}
                    count={units.length}
                    moveUp={form.reorder.getButtonProps({ name: fields.units.name, from: index, to: index - 1 })}
                    moveDown={form.reorder.getButtonProps({ name: fields.units.name, from: index, to: index + 1 })}
                    remove={form.remove.getButtonProps({ name: fields.units.name, index })}
                  />
                </fieldset>
              </li>
            );
          })}
        </ol>
        <button className="button secondary" {...form.insert.getButtonProps({ name: fields.units.name, defaultValue: { code: '', title: '' } })}>
          + {t('form.addUnit')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('form.days')}</legend>
        <p className="hint">{t('form.daysHint')}</p>
        <ErrorList id={fields.days.errorId} errors={fields.days.errors} />
        <ol className="row-list">
          {days.map((day, index) => {
            const dayFields = day.getFieldset();
            return (
              <li key={day.key ?? `day-${index}`} className="row-card">
                <fieldset>
                  <legend>{t('form.dayN', { n: index + 1 })}</legend>
                  <SelectField label={t('form.dayKind')} selectProps={{ ...getSelectProps(dayFields.kind), required: false }} errors={dayFields.kind.errors}>
                    <option value="training">{t('form.kind.training')}</option>
                    <option value="exam">{t('form.kind.exam')}</option>
                  </SelectField>
                  <Field label={t('form.dayTitle')} inputProps={getInputProps(dayFields.title, { type: 'text' })} errors={dayFields.title.errors} />
                  <TextareaField label={t('form.dayTopics')} textareaProps={{ ...getTextareaProps(dayFields.topics), rows: 2 }} errors={dayFields.topics.errors} />
                  <div className="field-pair">
                    <Field label={t('form.dayStart')} inputProps={{ ...getInputProps(dayFields.startsAtTime, { type: 'text' }), ...timeInputProps, placeholder: t('common:form.timePlaceholder') }} errors={dayFields.startsAtTime.errors} />
                    <Field label={t('form.dayEnd')} inputProps={{ ...getInputProps(dayFields.endsAtTime, { type: 'text' }), ...timeInputProps, placeholder: t('common:form.timePlaceholder') }} errors={dayFields.endsAtTime.errors} />
                  </div>
                  <RowActions
                    label={t('form.dayN', { n: index + 1 })}
                    index={index}
                    count={days.length}
                    moveUp={form.reorder.getButtonProps({ name: fields.days.name, from: index, to: index - 1 })}
                    moveDown={form.reorder.getButtonProps({ name: fields.days.name, from: index, to: index + 1 })}
                    remove={form.remove.getButtonProps({ name: fields.days.name, index })}
                  />
                </fieldset>
              </li>
            );
          })}
        </ol>
        <button
          className="button secondary"
          {...form.insert.getButtonProps({ name: fields.days.name, defaultValue: { kind: 'training', title: '', startsAtTime: '08:00', endsAtTime: '16:00' } })}
        >
          + {t('form.addDay')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('form.rules')}</legend>
        <Field
          label={t('form.attendanceMinPercent')}
          hint={t('form.attendanceHint')}
          inputProps={{ ...getInputProps(fields.attendanceMinPercent, { type: 'number' }), inputMode: 'numeric' }}
          errors={fields.attendanceMinPercent.errors}
        />
        <div className="field">
          <label className="checkbox">
            <input {...getInputProps(fields.attendanceCountsExcused, { type: 'checkbox' })} aria-describedby={`${fields.attendanceCountsExcused.id}-hint`} />
            {t('form.attendanceCountsExcused')}
          </label>
          <p id={`${fields.attendanceCountsExcused.id}-hint`} className="hint">
            {t('form.attendanceCountsExcusedHint')}
          </p>
          <ErrorList id={fields.attendanceCountsExcused.errorId} errors={fields.attendanceCountsExcused.errors} />
        </div>
        <Field
          label={t('form.lateGraceMinutes')}
          hint={t('form.lateGraceHint')}
          inputProps={{ ...getInputProps(fields.lateGraceMinutes, { type: 'number' }), inputMode: 'numeric' }}
          errors={fields.lateGraceMinutes.errors}
        />
        <Field
          label={t('form.checkInOpensMinutes')}
          hint={t('form.checkInOpensHint')}
          inputProps={{ ...getInputProps(fields.checkInOpensMinutes, { type: 'number' }), inputMode: 'numeric' }}
          errors={fields.checkInOpensMinutes.errors}
        />
        <Field
          label={t('form.attendanceCorrectionHours')}
          hint={t('form.correctionHoursHint')}
          inputProps={{ ...getInputProps(fields.attendanceCorrectionHours, { type: 'number' }), inputMode: 'numeric' }}
          errors={fields.attendanceCorrectionHours.errors}
        />
        <TextareaField
          label={t('form.targetPositions')}
          hint={t('form.targetPositionsHint')}
          textareaProps={getTextareaProps(fields.targetPositions)}
          errors={fields.targetPositions.errors}
        />
        <Field
          label={t('form.competencyValidityMonths')}
          inputProps={{ ...getInputProps(fields.competencyValidityMonths, { type: 'number' }), inputMode: 'numeric' }}
          errors={fields.competencyValidityMonths.errors}
        />
        <Field
          label={t('form.trainingValidityMonths')}
          hint={t('form.trainingValidityHint')}
          inputProps={{ ...getInputProps(fields.trainingValidityMonths, { type: 'number' }), inputMode: 'numeric' }}
          errors={fields.trainingValidityMonths.errors}
        />
        <Field
          label={t('form.certificateNumberPattern')}
          hint={t('form.patternHint')}
          inputProps={getInputProps(fields.certificateNumberPattern, { type: 'text' })}
          errors={fields.certificateNumberPattern.errors}
        />
        <SelectField label={t('form.defaultInstitute')} selectProps={getSelectProps(fields.defaultInstituteId)} errors={fields.defaultInstituteId.errors}>
          <option value="">{t('form.none')}</option>
          {partners.institutes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('form.defaultCertificationBody')}
          selectProps={getSelectProps(fields.defaultCertificationBodyId)}
          errors={fields.defaultCertificationBodyId.errors}
        >
          <option value="">{t('form.none')}</option>
          {partners.certificationBodies.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      </fieldset>

      <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
        {submitLabel}
      </button>
    </Form>
  );
}
