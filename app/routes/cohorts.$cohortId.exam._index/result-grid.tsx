import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import type { ExamGrid } from '~/domain/assessment/grid.server';
import { ResultGridSchema } from '~/domain/assessment/schemas';
import { dateInputProps, dateText } from '~/lib/date-input';

/**
 * Participants × units. Each cell is a select (K / BK): typing "k" or "b" picks the value
 * and Tab moves on, so a row is entered from the keyboard alone; one submit saves all.
 * A cell's value names its unit, so the operation checks every unit against the program.
 */
export function ResultGrid({ grid, lastResult, locked }: { grid: ExamGrid; lastResult: SubmissionResult<string[]> | null; locked: boolean }) {
  const { t } = useTranslation('assessment');
  const navigation = useNavigation();
  const onlyAssessor = grid.assessors.length === 1 ? grid.assessors[0]!.userId : '';
  const [form, fields] = useForm({
    id: 'exam-grid',
    lastResult,
    defaultValue: {
      rows: grid.rows.map((r) => ({
        enrollmentId: r.enrollmentId,
        units: grid.units.map((u) => (r.units[u.id] ? `${u.id}:${r.units[u.id]}` : '')),
        absent: r.absent ? 'on' : '',
        assessorUserId: r.assessorUserId ?? (r.status ? '' : onlyAssessor),
        examDate: dateText(r.status ? r.examDate : grid.defaults.examDate) ?? '',
        venue: (r.status ? r.venue : grid.defaults.venue) ?? '',
        note: r.note ?? '',
      })),
    },
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResultGridSchema }),
  });
  const rowFields = fields.rows.getFieldList();
  const errorsOf = (name: string) => form.allErrors[name];
  const initial = (name: string): string => {
    const value = name.split(/\.|\[|\]/).filter(Boolean).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), form.initialValue);
    return typeof value === 'string' ? value : '';
  };
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorList id={form.errorId} errors={form.errors} />
      <fieldset disabled={locked} className="plain">
        <legend className="visually-hidden">{t('grid.title')}</legend>
        <div className="table-wrap" role="region" aria-label={t('grid.title')} tabIndex={0}>
          <table className="exam-grid">
            <caption className="visually-hidden">{t('grid.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('grid.participant')}</th>
                {grid.units.map((u) => (
                  <th scope="col" key={u.id} title={u.title}>
                    <abbr title={u.title}>{u.code}</abbr>
                  </th>
                ))}
                <th scope="col">{t('grid.absent')}</th>
                <th scope="col">{t('grid.recommendation')}</th>
                <th scope="col">{t('grid.assessor')}</th>
                <th scope="col">{t('grid.examDate')}</th>
                <th scope="col">{t('grid.venue')}</th>
                <th scope="col">{t('grid.note')}</th>
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((r, i) => {
                const base = rowFields[i]?.name ?? `rows[${i}]`;
                const id = `exam-${i}`;
                const rowErrors = Object.entries(form.allErrors)
                  .filter(([name]) => name === base || name.startsWith(`${base}.`))
                  .flatMap(([, errors]) => errors);
                return (
                  <tr key={r.enrollmentId} aria-invalid={rowErrors.length ? true : undefined}>
                    <th scope="row">
                      <input type="hidden" name={`${base}.enrollmentId`} value={r.enrollmentId} />
                      <span id={`${id}-name`}>{r.name}</span>
                      {r.cooperativeName ? <span className="hint"> · {r.cooperativeName}</span> : null}
                      {r.eligible ? null : <span className="badge badge-warning"> {t('grid.notEligible')}</span>}
                      <ErrorList id={`${id}-error`} errors={rowErrors} />
                    </th>
                    {grid.units.map((u, j) => {
                      const name = `${base}.units[${j}]`;
                      return (
                        <td key={u.id}>
                          <select
                            name={name}
                            defaultValue={initial(name)}
                            disabled={!r.eligible}
                            aria-label={`${u.code} — ${r.name}`}
                            aria-invalid={errorsOf(name)?.length ? true : undefined}
                            className="cell-select"
                          >
                            <option value="">–</option>
                            <option value={`${u.id}:K`}>K</option>
                            <option value={`${u.id}:BK`}>BK</option>
                          </select>
                        </td>
                      );
                    })}
                    <td>
                      <input type="checkbox" id={`${id}-absent`} name={`${base}.absent`} value="on" defaultChecked={initial(`${base}.absent`) === 'on'} aria-label={`${t('grid.absent')} — ${r.name}`} />
                    </td>
                    <td>{r.recommendation ? t(`outcome.${r.recommendation}`) : <span className="hint">{t('grid.notYet')}</span>}</td>
                    <td>
                      <select name={`${base}.assessorUserId`} defaultValue={initial(`${base}.assessorUserId`)} aria-label={`${t('grid.assessor')} — ${r.name}`}>
                        <option value="">–</option>
                        {grid.assessors.map((a) => (
                          <option key={a.userId} value={a.userId}>
                            {a.name}
                            {a.registrationNumber ? ` (${a.registrationNumber})` : ''}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input type="text" name={`${base}.examDate`} defaultValue={initial(`${base}.examDate`)} {...dateInputProps} placeholder={t('common:form.datePlaceholder')} aria-label={`${t('grid.examDate')} — ${r.name}`} size={10} />
                    </td>
                    <td>
                      <input type="text" name={`${base}.venue`} defaultValue={initial(`${base}.venue`)} maxLength={200} aria-label={`${t('grid.venue')} — ${r.name}`} size={14} />
                    </td>
                    <td>
                      <input type="text" name={`${base}.note`} defaultValue={initial(`${base}.note`)} maxLength={500} aria-label={`${t('grid.note')} — ${r.name}`} size={14} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="hint">{t('grid.keyboardHint')}</p>
        {grid.finalization ? (
          <div className="field">
            <label htmlFor="exam-correction-reason">{t('grid.correctionReason')}</label>
            <input type="text" id="exam-correction-reason" name="correctionReason" maxLength={500} defaultValue={initial('correctionReason')} aria-invalid={errorsOf('correctionReason')?.length ? true : undefined} aria-describedby={errorsOf('correctionReason')?.length ? 'exam-correction-reason-error' : undefined} />
            <ErrorList id="exam-correction-reason-error" errors={errorsOf('correctionReason')} />
          </div>
        ) : null}
        {locked ? null : (
          <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
            {grid.finalization ? t('grid.saveCorrection') : t('grid.save')}
          </button>
        )}
      </fieldset>
    </Form>
  );
}
