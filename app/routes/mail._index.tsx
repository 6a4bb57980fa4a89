import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Pagination, SortableHeader } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { MAIL_STATUSES, OUTGOING_SORT_KEYS } from '~/domain/mail/outgoing-list';
import { listOutgoingMail } from '~/domain/mail/outgoing.server';
import { config } from '~/lib/config.server';
import { formatDateTime } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { throwAsResponse } from '~/lib/route-errors.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? 'Surat keluar'} · Kompeten` }];

const FilterSchema = z.object({
  recipient: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(MAIL_STATUSES).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: OUTGOING_SORT_KEYS, defaultSort: 'created', defaultDir: 'desc' });
  const filter = FilterSchema.parse({
    recipient: url.searchParams.get('recipient') || undefined,
    status: url.searchParams.get('status') || undefined,
  });
  const result = await listOutgoingMail(db(), actor, filter, params).catch(throwAsResponse);
  const locale = await i18nServer.getLocale(request);
  const t = await i18nServer.getFixedT(request, 'mail');
  return {
    title: t('outbox.title'),
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
}

export default function OutgoingMailList() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('mail');
  const filtered = data.filter.recipient !== '' || data.filter.status !== '';
  return (
    <section>
      <h1>{t('outbox.title')}</h1>
      <p>{t('outbox.intro')}</p>
      {data.deliveryConfigured ? null : (
        <p className="mail-notice" role="note">
          {t('outbox.notConfigured')}
        </p>
      )}

      <Form method="get" className="toolbar" aria-label={t('outbox.filterLegend')}>
        <input type="hidden" name="sort" value={data.sort} />
        <input type="hidden" name="dir" value={data.dir} />
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
        <button type="submit">{t('common:form.filter')}</button>
        {filtered ? <Link to="/mail">{t('outbox.reset')}</Link> : null}
      </Form>

      {data.items.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="mail-table">
            <thead>
              <tr>
                <SortableHeader column="created" sort={data.sort} dir={data.dir}>
                  {t('outbox.created')}
                </SortableHeader>
                <SortableHeader column="recipient" sort={data.sort} dir={data.dir}>
                  {t('outbox.recipient')}
                </SortableHeader>
                <SortableHeader column="subject" sort={data.sort} dir={data.dir}>
                  {t('outbox.subject')}
                </SortableHeader>
                <SortableHeader column="status" sort={data.sort} dir={data.dir}>
                  {t('outbox.status')}
                </SortableHeader>
                <th scope="col">{t('outbox.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((m) => (
                <tr key={m.id}>
                  <td>{m.created}</td>
                  <td className="mail-recipient">{m.to}</td>
                  <td>
                    <Link to={`/mail/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>
                    <span className={`badge badge-${m.status}`}>{t(`status.${m.status}`)}</span>
                  </td>
                  <td>{m.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page.page} pages={data.page.pages} total={data.page.total} />
    </section>
  );
}
