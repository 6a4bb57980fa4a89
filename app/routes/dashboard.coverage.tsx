import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CoverageBars, percentOf } from '~/components/charts/coverage-bars';
import { requireActor } from '~/lib/auth.server';
import { getCoverage, nominateUncoveredHolders, type CoverageRow } from '~/domain/dashboard/coverage.server';
import { normalizePosition } from '~/domain/cooperatives/positions';
import { formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitIntent } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('coverage:title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const coverage = await getCoverage(context.db, actor);
  const asked = new URL(request.url).searchParams.get('position');
  const chosen = Math.max(0, asked ? coverage.positions.findIndex((p) => normalizePosition(p) === normalizePosition(asked)) : 0);
  return {
    ...coverage,
    locale,
    chosen,
    invitations: coverage.invitations.map((i) => ({ ...i, cohort: i.cohort ? { ...i.cohort, startsOn: formatDate(i.cohort.startsOn, i.cohort.timeZone, locale) } : null })),
  };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const formData = await request.formData();
  const back = '/dashboard/coverage';
  return submitIntent(back, async () => {
    const r = await nominateUncoveredHolders(context.db, actor, { cohortId: String(formData.get('cohort') ?? ''), position: String(formData.get('position') ?? '') });
    return redirectWithToast(back, { message: 'coverage:nominate.done', values: { confirmed: r.confirmed, waitlisted: r.waitlisted, pending: r.pending, duplicates: r.duplicates } });
  });
});

const registryLink = (position: string, has: boolean) => `/cooperatives?${new URLSearchParams({ certified: position, certifiedHas: has ? '1' : '0', status: 'active' }).toString()}`;

export default function Coverage() {
  const data = useLoaderData<typeof loader>();
  const { positions, total, byType, byDistrict, invitations, lastFiscalYear, chosen, locale } = data;
  const { t } = useTranslation('coverage');
  const navigation = useNavigation();
  const number = (n: number) => n.toLocaleString(locale === 'en' ? 'en-GB' : 'id-ID');
  const share = (part: number, whole: number) => `${number(percentOf(part, whole))} %`;
  const cell = (r: CoverageRow, i: number) => `${number(r.covered[i]!)} (${share(r.covered[i]!, r.total)})`;
  const table = (rows: readonly CoverageRow[], caption: string, groupHeader: string, groupLabel: (r: CoverageRow) => string) => (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{groupHeader}</th>
            <th scope="col">{t('columns.active')}</th>
            {positions.map((p) => (
              <th scope="col" key={p}>
                {t('columns.certified', { position: p })}
              </th>
            ))}
            <th scope="col">{t('columns.noRat', { year: lastFiscalYear })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group ?? ''}>
              <th scope="row">{groupLabel(r)}</th>
              <td>{number(r.total)}</td>
              {positions.map((p, i) => (
                <td key={p}>{cell(r, i)}</td>
              ))}
              <td>
                {number(r.noRat)} ({share(r.noRat, r.total)})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  const position = positions[chosen];
  return (
    <section>
      <p className="eyebrow">
        <a href="/dashboard">{t('backToDashboard')}</a>
      </p>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <p className="actions-row">
        <a href="/dashboard/coverage/export?format=xlsx" download className="button secondary">
          {t('exportXlsx')}
        </a>
        <a href="/dashboard/coverage/export?format=csv" download className="button secondary">
          {t('exportCsv')}
        </a>
      </p>

      {positions.length === 0 ? (
        <p>{t('noTargets')}</p>
      ) : (
        <section aria-labelledby="coverage-summary">
          <h2 id="coverage-summary">{t('summary.title', { count: total.total })}</h2>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('summary.title', { count: total.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('columns.position')}</th>
                  <th scope="col">{t('columns.covered')}</th>
                  <th scope="col">{t('columns.uncovered')}</th>
                  <th scope="col">{t('columns.invite')}</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((inv, i) => (
                  <tr key={inv.position}>
                    <th scope="row">{inv.position}</th>
                    <td>
                      <Link to={registryLink(inv.position, true)}>{cell(total, i)}</Link>
                    </td>
                    <td>
                      <Link to={registryLink(inv.position, false)}>{t('summary.uncovered', { count: inv.uncovered })}</Link>
                    </td>
                    <td>
                      {inv.cohort && inv.holders > 0 ? (
                        <Form method="post">
                          <input type="hidden" name="cohort" value={inv.cohort.id} />
                          <input type="hidden" name="position" value={inv.position} />
                          <p className="hint">{t('nominate.hint', { holders: inv.holders, cohort: inv.cohort.name, program: inv.cohort.programTitle, date: inv.cohort.startsOn, seats: inv.cohort.seatsLeft })}</p>
                          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
                            {t('nominate.submit', { count: inv.holders })}
                          </button>
                        </Form>
                      ) : inv.holders > 0 ? (
                        <span className="muted">{t('nominate.noCohort')}</span>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>{t('rat.summary', { count: total.noRat, total: total.total, year: lastFiscalYear })} <Link to="/cooperatives?noRat=1&status=active">{t('rat.list')}</Link></p>
        </section>
      )}

      {positions.length > 0 ? (
        <>
          <section aria-labelledby="coverage-type">
            <h2 id="coverage-type">{t('byType.title')}</h2>
            {table(byType, t('byType.title'), t('columns.type'), (r) => r.group ?? '—')}
          </section>

          <section aria-labelledby="coverage-district">
            <h2 id="coverage-district">{t('byDistrict.title')}</h2>
            {positions.length > 1 ? (
              <Form method="get" className="filters">
                <div className="field">
                  <label htmlFor="chart-position">{t('byDistrict.chartFor')}</label>
                  <select id="chart-position" name="position" defaultValue={position}>
                    {positions.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="button secondary">
                  {t('byDistrict.show')}
                </button>
              </Form>
            ) : null}
            {position !== undefined ? (
              <figure className="chart">
                <CoverageBars
                  id="coverage-district-chart"
                  title={t('byDistrict.chartTitle', { position })}
                  description={t('byDistrict.chartDesc', { position })}
                  bars={byDistrict.map((r) => ({ label: r.group ?? t('byDistrict.none'), part: r.covered[chosen]!, total: r.total }))}
                  valueText={(bar) => `${number(bar.part)}/${number(bar.total)} (${share(bar.part, bar.total)})`}
                />
                <figcaption className="hint">{t('byDistrict.tableBelow')}</figcaption>
              </figure>
            ) : null}
            {table(byDistrict, t('byDistrict.title'), t('columns.district'), (r) => r.group ?? t('byDistrict.none'))}
          </section>
        </>
      ) : null}
    </section>
  );
}
