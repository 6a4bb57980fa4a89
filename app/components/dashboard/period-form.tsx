import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { DateField } from '~/components/date-field';
import { dateText } from '~/lib/date-input';
import { PERIOD_KINDS, type DashboardPeriod, type PeriodProblem } from '~/domain/dashboard/period';

/** The period selector: a GET form, so the period is in the URL (and the exports' links). */
export function PeriodForm({ period, problems, input }: { period: DashboardPeriod; problems: PeriodProblem[]; input: { from: string; to: string } }) {
  const { t } = useTranslation('dashboard');
  const chosen = problems.length ? 'custom' : period.kind;
  return (
    <Form method="get" className="period-form" aria-labelledby="period-legend">
      <fieldset>
        <legend id="period-legend">{t('period.legend')}</legend>
        <div className="choices">
          {PERIOD_KINDS.map((kind) => (
            <label key={kind}>
              <input type="radio" name="period" value={kind} defaultChecked={chosen === kind} /> {t(`period.${kind}`)}
            </label>
          ))}
        </div>
        <div className="period-dates">
          <DateField
            label={t('period.from')}
            hint={t('period.customHint')}
            inputProps={{ id: 'period-from', name: 'from', defaultValue: input.from || (period.kind === 'custom' ? dateText(period.from) : '') }}
          />
          <DateField
            label={t('period.to')}
            inputProps={{ id: 'period-to', name: 'to', defaultValue: input.to || (period.kind === 'custom' ? dateText(period.to) : '') }}
          />
        </div>
        {/* One alert for the range (ErrorList's <ul role="alert"> is not valid HTML). */}
        {problems.length ? (
          <div role="alert" className="field-errors">
            {[...problems, 'dashboard:period.fellBack'].map((problem) => (
              <p key={problem}>{t(problem)}</p>
            ))}
          </div>
        ) : null}
        <button type="submit">{t('period.show')}</button>
      </fieldset>
    </Form>
  );
}
