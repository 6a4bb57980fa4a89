import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ListTable } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { MAIL_PROBLEMS_SHOWN, MAIL_STATUSES, mailOverview } from '~/domain/mail/operator.server';
import { config } from '~/lib/config.server';
import { DEFAULT_TIME_ZONE, formatDateTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('mail:platform.title');

/** The platform operator's view of mail across every Dinas; anyone else: "not found". */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const overview = await mailOverview(context.db, actor);
  const locale = await i18nServer.getLocale(request);
  const when = (date: Date) => formatDateTime(date, DEFAULT_TIME_ZONE, locale);
  return {
    deliveryConfigured: !!config().SMTP_URL,
    counts: MAIL_STATUSES.map((status) => ({ status, count: overview.counts[status] })),
    oldestWaiting: overview.oldestWaitingAt ? when(overview.oldestWaitingAt) : null,
    problems: overview.problems.map((p) => ({ ...p, createdAt: when(p.createdAt) })),
  };
});

export default function PlatformMail() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('mail');
  return (
    <section>
      <p>
        <Link to="/platform">{t('accounts:platform.back')}</Link>
      </p>
      <h1>{t('platform.title')}</h1>
      <p>{t('platform.intro')}</p>
      {data.deliveryConfigured ? null : (
        <p className="mail-notice" role="note">
          {t('platform.notConfigured')}
        </p>
      )}
      <ListTable
        rows={data.counts}
        rowKey={(c) => c.status}
        caption={t('platform.countsCaption')}
        empty=""
        columns={[
          { key: 'status', header: t('platform.status'), title: true, cell: (c) => <span className={`badge badge-${c.status}`}>{t(`status.${c.status}`)}</span> },
          { key: 'count', header: t('platform.count'), cell: (c) => <span data-status-count={c.status}>{c.count}</span> },
        ]}
      />
      <p>{data.oldestWaiting ? t('platform.oldestWaiting', { when: data.oldestWaiting }) : t('platform.nothingWaiting')}</p>

      <h2>{t('platform.problemsTitle')}</h2>
      <p>{t('platform.problemsIntro', { count: MAIL_PROBLEMS_SHOWN })}</p>
      <ListTable
        rows={data.problems}
        rowKey={(p) => p.id}
        caption={t('platform.problemsTitle')}
        empty={t('platform.problemsEmpty')}
        className="mail-table"
        columns={[
          { key: 'created', header: t('platform.created'), cell: (p) => p.createdAt },
          { key: 'dinas', header: t('platform.dinas'), cell: (p) => p.dinasName ?? t('platform.systemMail') },
          { key: 'template', header: t('platform.template'), title: true, cell: (p) => <code>{p.template}</code> },
          { key: 'status', header: t('platform.status'), cell: (p) => <span className={`badge badge-${p.status}`}>{t(`status.${p.status}`)}</span> },
          { key: 'attempts', header: t('platform.attempts'), cell: (p) => p.attempts },
          { key: 'error', header: t('platform.error'), cell: (p) => p.error },
        ]}
      />
    </section>
  );
}
