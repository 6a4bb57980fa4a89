import { getFormProps, useForm } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorList } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { getOutgoingMail, requireOutgoingMail, resendMail } from '~/domain/mail/outgoing.server';
import { formatDateTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { metaT, titled } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = (args) => titled(args.data?.mail.subject ?? metaT(args)('mail:outbox.title'));

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const mail = await getOutgoingMail(context.db, actor, params.messageId ?? '');
  const locale = await i18nServer.getLocale(request);
  const when = (value: Date) => formatDateTime(value, mail.timeZone, locale);
  return {
    mail: {
      id: mail.id,
      to: mail.toName ? `${mail.toName} <${mail.toAddress}>` : mail.toAddress,
      subject: mail.subject,
      status: mail.status,
      attempts: mail.attempts,
      created: when(mail.createdAt),
      sent: mail.sentAt ? when(mail.sentAt) : null,
      nextAttempt: mail.status === 'pending' && mail.attempts > 0 ? when(mail.nextAttemptAt) : null,
      lastError: mail.lastError,
      messageId: mail.messageId,
      template: mail.template,
      locale: mail.locale,
      textBody: mail.textBody,
      htmlBody: mail.htmlBody,
      attachments: mail.attachments,
    },
  };
});

const ResendSchema = z.object({ intent: z.literal('resend') });

/** A message that is not (or no longer) failed answers 400 with the reason above the button. */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  // Another Dinas's message answers "not found" whatever the body (the operation checks again).
  const mail = await requireOutgoingMail(context.db, actor, params.messageId ?? '', 'mail:resend');
  return submitForm(await request.formData(), ResendSchema, async () => {
    const resent = await resendMail(context.db, actor, mail.id);
    return redirectWithToast(`/mail/${resent.id}`, { message: 'mail:resend.done', values: { to: resent.toAddress } });
  });
});

export default function OutgoingMailDetail() {
  const { mail } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('mail');
  const [form] = useForm({ id: 'resend', lastResult });
  return (
    <article className="mail-detail">
      <p className="eyebrow">
        <Link to="/mail">← {t('detail.back')}</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="facts">
        <dt>{t('detail.recipient')}</dt>
        <dd className="mail-recipient">{mail.to}</dd>
        <dt>{t('detail.status')}</dt>
        <dd>
          <span className={`badge badge-${mail.status}`}>{t(`status.${mail.status}`)}</span>
        </dd>
        <dt>{t('detail.created')}</dt>
        <dd>{mail.created}</dd>
        {mail.sent ? (
          <>
            <dt>{t('detail.sentAt')}</dt>
            <dd>{mail.sent}</dd>
          </>
        ) : null}
        <dt>{t('detail.attempts')}</dt>
        <dd>{mail.attempts}</dd>
        {mail.nextAttempt ? (
          <>
            <dt>{t('detail.nextAttempt')}</dt>
            <dd>{mail.nextAttempt}</dd>
          </>
        ) : null}
        {mail.lastError ? (
          <>
            <dt>{t('detail.lastError')}</dt>
            <dd>
              <code className="mail-error">{mail.lastError}</code>
            </dd>
          </>
        ) : null}
        <dt>{t('detail.messageId')}</dt>
        <dd>
          <code className="mail-id">{mail.messageId}</code>
        </dd>
        <dt>{t('detail.template')}</dt>
        <dd>
          <code>{mail.template}</code>
        </dd>
        <dt>{t('detail.language')}</dt>
        <dd>{t(`common:language.${mail.locale}`)}</dd>
      </dl>

      <ErrorList id={form.errorId} errors={form.errors} />
      {mail.status === 'failed' ? (
        <Form method="post" className="mail-resend" {...getFormProps(form)}>
          <p>{t('resend.explain')}</p>
          <input type="hidden" name="intent" value="resend" />
          <button type="submit" disabled={navigation.state === 'submitting'}>
            {t('resend.button')}
          </button>
        </Form>
      ) : null}

      {mail.attachments.length > 0 ? (
        <>
          <h2>{t('detail.attachments')}</h2>
          <ul>
            {mail.attachments.map((a, index) => (
              <li key={`${index}-${a.filename}`}>
                {a.filename}{' '}
                <span className="meta">
                  (
                  {[
                    a.contentType,
                    a.bytes !== null ? t('detail.bytes', { size: Math.max(1, Math.round(a.bytes / 1024)) }) : null,
                    a.reference ? t('detail.attachmentReference', { kind: a.reference }) : null,
                  ]
                    .filter(Boolean)
                    .join(', ')}
                  )
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t('detail.textBody')}</h2>
      <pre className="mail-body">{mail.textBody}</pre>

      <details className="mail-html">
        <summary>{t('detail.htmlBody')}</summary>
        <p className="hint">{t('detail.htmlNote')}</p>
        <pre className="mail-body">
          <code>{mail.htmlBody}</code>
        </pre>
      </details>
    </article>
  );
}
