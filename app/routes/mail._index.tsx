import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ListFilters, ListTable, Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { MAIL_STATUSES, OUTGOING_SORT_KEYS } from '~/domain/mail/outgoing-list';
import { listOutgoingMail } from '~/domain/mail/outgoing.server';
import { config } from '~/lib/config.server';
import { formatDateTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('mail:outbox.title');

const FilterSchema = z.object({
  recipient: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(MAIL_STATUSES).optional().catch(undefined),
});

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: OUTGOING_SORT_KEYS, defaultSort: 'created', defaultDir: 'desc' });
  const filter = FilterSchema.parse({
    recipient: url.searchParams.get('recipient') || undefined,
    status: url.searchParams.get('status') || undefined,
  });
  const result = await listOutgoingMail(context.db, actor, filter, params);
  const locale = await i18nServer.getLocale(request);
  return {
    deliveryConfigured: !!config().SMTP_URL,
    filter: { recipient: filter.recipient ?? '', status: filter.status ?? '' },
    sort: params.sort,
    dir: params.dir,
    page: { page: result.page.page, pages: result.page.pages, total: result.page.total },
    items: result.page.items.map((m) => ({
      id: m.id,
      to: m.toName ? `${m.toName} <${m.toAddress}>` : m.toAddress,
      subject: m.subject,
      status: m.status,
      attempts: m.attempts,
      created: formatDateTime(m.createdAt, result.timeZone, locale),
    })),
  };
});

export default function OutgoingMailList() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('mail');
  return (
    <section>
      <h1>{t('outbox.title')}</h1>
      <p>{t('outbox.intro')}</p>
      {data.deliveryConfigured ? null : (
        <p className="mail-notice" role="note">
          {t('outbox.notConfigured')}
        </p>
      )}

      <ListFilters
        sort={data.sort}
        dir={data.dir}
        resetTo="/mail"
        label={t('outbox.filterLegend')}
        applyLabel={t('common:form.filter')}
        resetLabel={t('outbox.reset')}
      >
        <div className="field">
          <label htmlFor="mail-recipient">{t('outbox.recipient')}</label>
          <p id="mail-recipient-hint" className="hint">
            {t('outbox.recipientHint')}
          </p>
          <input
            id="mail-recipient"
            name="recipient"
            type="search"
            defaultValue={data.filter.recipient}
            aria-describedby="mail-recipient-hint"
          />
        </div>
        <div className="field">
          <label htmlFor="mail-status">{t('outbox.status')}</label>
          <select id="mail-status" name="status" defaultValue={data.filter.status}>
            <option value="">{t('outbox.allStatuses')}</option>
            {MAIL_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </div>
      </ListFilters>

      <ListTable
        rows={data.items}
        rowKey={(m) => m.id}
        sort={data.sort}
        dir={data.dir}
        className="mail-table"
        caption={t('outbox.title')}
        empty={t('outbox.empty')}
        columns={[
          { key: 'created', header: t('outbox.created'), sortable: true, cell: (m) => m.created },
          { key: 'recipient', header: t('outbox.recipient'), sortable: true, className: 'mail-recipient', cell: (m) => m.to },
          { key: 'subject', header: t('outbox.subject'), sortable: true, title: true, cell: (m) => <Link to={`/mail/${m.id}`}>{m.subject}</Link> },
          {
            key: 'status',
            header: t('outbox.status'),
            sortable: true,
            cell: (m) => <span className={`badge badge-${m.status}`}>{t(`status.${m.status}`)}</span>,
          },
          { key: 'attempts', header: t('outbox.attempts'), cell: (m) => m.attempts },
        ]}
      />
      <Pagination page={data.page.page} pages={data.page.pages} total={data.page.total} />
    </section>
  );
}
