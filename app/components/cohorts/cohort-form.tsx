import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortSchema } from '~/domain/cohorts/schemas';
import { dateInputProps, dateText } from '~/lib/date-input';
import { TIME_ZONES, TIME_ZONE_IDS, zoneLabel, type IndonesianTimeZone } from '~/lib/dates';
import { ErrorList, Field } from '~/components/field';
import { SelectField } from '~/components/select-field';

export interface CohortFormDefaults {
  programId?: string;
  name?: string;
  startsOn?: string;
  timeZone?: IndonesianTimeZone;
  venueName?: string | null;
  venueAddress?: string | null;
  capacity?: number;
  quotaPerCooperative?: number | null;
  registrationOpensAt?: string;
  registrationClosesAt?: string;
  trainingInstituteId?: string | null;
  certificationBodyId?: string | null;
  assessorIds?: string[];
  requiresApproval?: boolean;
}

/** Create or edit a cohort; on edit the program is fixed and shown, not chosen. */
export function CohortForm({
  lastResult,
  defaultValue,
  programs,
  fixedProgram,
  choices,
  submitLabel,
  editing,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: CohortFormDefaults;
  programs: { id: string; code: string; title: string }[];
  fixedProgram?: { id: string; title: string };
  choices: {
    institutes: { id: string; name: string }[];
    certificationBodies: { id: string; name: string }[];
    assessors: { userId: string; name: string; registrationNumber: string | null; certificationBodyId: string }[];
  };
  submitLabel: string;
  editing?: boolean;
}) {
  const { t } = useTranslation('cohorts');
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: {
      ...defaultValue,
      startsOn: dateText(defaultValue.startsOn),
      registrationOpensAt: dateText(defaultValue.registrationOpensAt),
      registrationClosesAt: dateText(defaultValue.registrationClosesAt),
    },
    constraint: getZodConstraint(CohortSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CohortSchema }),
  });
  const bodyName = new Map(choices.certificationBodies.map((b) => [b.id, b.name]));
  const assessorOptions = getCollectionProps(fields.assessorIds, { type: 'checkbox', options: choices.assessors.map((a) => a.userId) });
  return (
    <Form method="post" {...getFormProps(form)} className="form-narrow cohort-form">
      <ErrorList id={form.errorId} errors={form.errors} />
      {fixedProgram ? (
        <>
          <input {...getInputProps(fields.programId, { type: 'hidden' })} />
          <p>
            <strong>{t('form.program')}:</strong> {fixedProgram.title}
          </p>
        </>
      ) : (
        <SelectField label={t('form.program')} selectProps={getSelectProps(fields.programId)} errors={fields.programId.errors}>
          <option value="">{t('form.chooseProgram')}</option>
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.code} — {p.title}
            </option>
          ))}
        </SelectField>
      )}
      <Field label={t('form.name')} hint={t('form.nameHint')} inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
      <Field
        label={t('form.startsOn')}
        hint={editing ? t('form.startsOnEditHint') : t('form.startsOnHint')}
        inputProps={{ ...getInputProps(fields.startsOn, { type: 'text' }), ...dateInputProps, placeholder: t('common:form.datePlaceholder') }}
        errors={fields.startsOn.errors}
      />
      {/* A zone is always selected: no empty choice, so no `required` (HTML asks a required select to start with an empty option). */}
      <SelectField label={t('form.timeZone')} selectProps={{ ...getSelectProps(fields.timeZone), required: false }} errors={fields.timeZone.errors}>
        {TIME_ZONE_IDS.map((zone) => (
          <option key={zone} value={zone}>
            {`${zoneLabel(zone)} (UTC+${TIME_ZONES[zone].offsetHours})`}
          </option>
        ))}
      </SelectField>
      <Field label={t('form.venueName')} hint={t('form.venueNameHint')} inputProps={getInputProps(fields.venueName, { type: 'text' })} errors={fields.venueName.errors} />
      <Field label={t('form.venueAddress')} inputProps={getInputProps(fields.venueAddress, { type: 'text' })} errors={fields.venueAddress.errors} />
      <div className="field-pair">
        <Field
          label={t('form.capacity')}
          inputProps={{ ...getInputProps(fields.capacity, { type: 'number' }), inputMode: 'numeric' }}
          errors={fields.capacity.errors}
        />
        <Field
          label={t('form.quota')}
          hint={t('form.quotaHint')}
          inputProps={{ ...getInputProps(fields.quotaPerCooperative, { type: 'number' }), inputMode: 'numeric' }}
          errors={fields.quotaPerCooperative.errors}
        />
      </div>
      <p className="hint">{t('form.windowHint')}</p>
      <Field label={t('form.opensAt')} inputProps={{ ...getInputProps(fields.registrationOpensAt, { type: 'text' }), ...dateInputProps, placeholder: t('common:form.dateTimePlaceholder') }} errors={fields.registrationOpensAt.errors} />
      <Field label={t('form.closesAt')} inputProps={{ ...getInputProps(fields.registrationClosesAt, { type: 'text' }), ...dateInputProps, placeholder: t('common:form.dateTimePlaceholder') }} errors={fields.registrationClosesAt.errors} />
      <SelectField label={t('form.institute')} selectProps={getSelectProps(fields.trainingInstituteId)} errors={fields.trainingInstituteId.errors}>
        <option value="">{t('form.none')}</option>
        {choices.institutes.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('form.certificationBody')} selectProps={getSelectProps(fields.certificationBodyId)} errors={fields.certificationBodyId.errors}>
        <option value="">{t('form.none')}</option>
        {choices.certificationBodies.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <fieldset className="field" aria-describedby={`${fields.assessorIds.id}-hint`}>
        <legend>{t('form.assessors')}</legend>
        <p id={`${fields.assessorIds.id}-hint`} className="hint">
          {t('form.assessorsHint')}
        </p>
        {choices.assessors.length === 0 ? <p>{t('form.noAssessors')}</p> : null}
        {assessorOptions.map(({ key: _key, ...props }, index) => {
          const assessor = choices.assessors[index]!;
          return (
            <label key={props.value} className="checkbox">
              <input {...props} />
              {assessor.name}
              {assessor.registrationNumber ? ` (${assessor.registrationNumber})` : ''} — {bodyName.get(assessor.certificationBodyId) ?? ''}
            </label>
          );
        })}
        <ErrorList id={fields.assessorIds.errorId} errors={fields.assessorIds.errors} />
      </fieldset>
      <div className="field">
        <label className="checkbox">
          <input {...getInputProps(fields.requiresApproval, { type: 'checkbox' })} aria-describedby={`${fields.requiresApproval.id}-hint`} />
          {t('form.requiresApproval')}
        </label>
        <p id={`${fields.requiresApproval.id}-hint`} className="hint">
          {t('form.requiresApprovalHint')}
        </p>
      </div>
      <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
        {submitLabel}
      </button>
    </Form>
  );
}
