import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ListTable, Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { groupCode } from '~/domain/certificates/codes';
import { COOPERATIVE_TRAINING_SORT_KEYS, cooperativeTrainings } from '~/domain/dashboard/cooperative-trainings.server';
import { formatDate, formatDateRange } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { metaT, titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta: MetaFunction<typeof loader> = (args) => titled(args.data ? `${metaT(args)('cooperatives:trainings.title')} — ${args.data.cooperative.name}` : null);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const list = parseListParams(url.searchParams, { sortKeys: COOPERATIVE_TRAINING_SORT_KEYS, defaultSort: 'startsOn', defaultDir: 'desc' });
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const { cooperative, page, summary, canManageCertificates } = await cooperativeTrainings(context.db, actor, params.cooperativeId ?? '', list);
  return {
    cooperative: { id: cooperative.id, name: cooperative.name },
    page: {
      ...page,
      items: page.items.map((r) => ({
        ...r,
        dates: formatDateRange(r.startsOn, r.endsOn, locale),
        certificates: r.certificates.map((c) => ({ ...c, code: groupCode(c.verificationCode), validUntil: c.validUntil ? formatDate(c.validUntil, r.timeZone, locale) : null })),
      })),
    },
    summary,
    canManageCertificates,
    sort: list.sort,
    dir: list.dir,
  };
});

export default function CooperativeTrainings() {
  const { cooperative, page, summary, canManageCertificates, sort, dir } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cooperatives');
  return (
    <section>
      <p>
        <Link to={`/cooperatives/${cooperative.id}`}>{cooperative.name}</Link>
      </p>
      <h1>{t('trainings.title')}</h1>
      <p className="muted">{t('trainings.intro')}</p>
      <dl className="facts">
        <dt>{t('trainings.people')}</dt>
        <dd>{summary.people}</dd>
        <dt>{t('trainings.registrations')}</dt>
        <dd>{summary.registrations}</dd>
        <dt>{t('trainings.competent')}</dt>
        <dd>{summary.competent}</dd>
        <dt>{t('trainings.validCertificates')}</dt>
        <dd>{summary.validCertificates}</dd>
      </dl>
      <ListTable
        rows={page.items}
        rowKey={(r) => r.enrollmentId}
        sort={sort}
        dir={dir}
        caption={t('trainings.count', { count: page.total })}
        empty={t('trainings.empty')}
        columns={[
          { key: 'name', header: t('trainings.columns.person'), sortable: true, title: true, cell: (r) => r.personName },
          {
            key: 'program',
            header: t('trainings.columns.program'),
            sortable: true,
            cell: (r) => (
              <>
                {r.programTitle}
                <br />
                <span className="muted">{r.cohortName}</span>
              </>
            ),
          },
          { key: 'startsOn', header: t('trainings.columns.dates'), sortable: true, cell: (r) => r.dates },
          { key: 'status', header: t('trainings.columns.status'), sortable: true, cell: (r) => t(`cohorts:enrollmentStatus.${r.status}`) },
          {
            key: 'attendance',
            header: t('trainings.columns.attendance'),
            cell: (r) =>
              r.attendance && r.attendance.percent !== null ? (
                <>
                  {r.attendance.percent} %{r.attendance.state === 'provisional' ? <span className="muted"> ({t('eligibility:state.provisional')})</span> : null}
                </>
              ) : (
                '—'
              ),
          },
          { key: 'outcome', header: t('trainings.columns.outcome'), cell: (r) => (r.outcome ? t(`assessment:outcome.${r.outcome}`) : '—') },
          {
            key: 'certificates',
            header: t('trainings.columns.certificates'),
            cell: (r) =>
              r.certificates.length === 0 ? (
                '—'
              ) : (
                <ul className="plain-list">
                  {r.certificates.map((c) => (
                    <li key={c.id}>
                      {canManageCertificates ? <Link to={`/certificates/${c.id}`}>{c.number}</Link> : <Link to={`/verify/${c.code}`}>{c.number}</Link>}{' '}
                      <span className="muted">
                        {t(`certificates:kind.${c.kind}`)} · {t(`certificates:status.${c.status}`)}
                        {c.validUntil ? ` · ${t('trainings.validUntil', { date: c.validUntil })}` : null}
                      </span>
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
