import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { DateField } from '~/components/date-field';
import { EducationSelect } from '~/components/cooperatives/education-select';
import type { NikLookup } from '~/domain/cooperatives/roster.server';
import { AddStaffSchema } from '~/domain/cooperatives/schemas';

/** The second step of adding someone: the known person's current positions (a move), or a new person's name; then the position. */
export function AddStaffForm({
  lookup,
  lastResult,
  suggestions,
  cooperativeId,
}: {
  lookup: NikLookup;
  lastResult: SubmissionResult<string[]> | null | undefined;
  suggestions: string[];
  cooperativeId: string;
}) {
  const { t } = useTranslation('cooperatives');
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: 'add-staff',
    lastResult,
    defaultValue: { nik: lookup.nik },
    constraint: getZodConstraint(AddStaffSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddStaffSchema }),
  });
  const known = lookup.known;
  return (
    <Form method="post" {...getFormProps(form)} className="form-narrow">
      <ErrorList id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.nik, { type: 'hidden' })} />
      <ErrorList errors={fields.nik.errors} />
      {known ? (
        <div className="notice">
          <p>{t('roster.known', { name: known.fullName, nik: known.nik })}</p>
          {known.currentPositions.length > 0 ? (
            <>
              <p>{t('roster.knownPositions')}</p>
              <ul className="plain-list">
                {known.currentPositions.map((p) => (
                  <li key={p.positionId}>
                    {p.canEnd ? (
                      <label className="checkbox-label">
                        <input type="checkbox" name="endPositionIds" value={p.positionId} defaultChecked={p.cooperativeId !== cooperativeId} />{' '}
                        {t('roster.endOld', { position: p.position, cooperative: p.cooperativeName })}
                      </label>
                    ) : (
                      t('roster.cannotEndOld', { position: p.position, cooperative: p.cooperativeName })
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : (
        <>
          <p className="notice">{t('roster.unknown')}</p>
          <Field
            label={t('roster.fullName')}
            inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), autoComplete: 'off', required: true }}
            errors={fields.fullName.errors}
          />
          <DateField
            label={t('roster.birthDate')}
            hint={t('roster.birthDateHint')}
            inputProps={{ ...getInputProps(fields.birthDate, { type: 'text' }), required: true }}
            errors={fields.birthDate.errors}
          />
        </>
      )}
      <EducationSelect field={fields.education} emptyLabel={t(known ? 'roster.educationKeep' : 'roster.educationNone')} />
      <Field
        label={t('roster.position')}
        hint={t('roster.positionHint')}
        inputProps={{ ...getInputProps(fields.position, { type: 'text' }), list: 'position-suggestions', autoComplete: 'off' }}
        errors={fields.position.errors}
      />
      <datalist id="position-suggestions">
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <DateField label={t('roster.startsOn')} hint={t('roster.startsOnHint')} inputProps={getInputProps(fields.startsOn, { type: 'text' })} errors={fields.startsOn.errors} />
      <DateField label={t('roster.endsOn')} hint={t('roster.endsOnHint')} inputProps={getInputProps(fields.endsOn, { type: 'text' })} errors={fields.endsOn.errors} />
      <div className="actions-row">
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('roster.save')}
        </button>
        <Link to={`/cooperatives/${cooperativeId}/roster#add`} className="button secondary">
          {t('roster.otherNik')}
        </Link>
      </div>
    </Form>
  );
}
