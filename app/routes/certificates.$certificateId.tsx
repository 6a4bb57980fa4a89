import { getFormProps, getTextareaProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { TextareaField } from '~/components/cohorts/textarea-field';
import { ErrorList } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { getCertificate, reissueCertificate, requireCertificate, revokeCertificate } from '~/domain/certificates/manage.server';
import { RevokeCertificateSchema } from '~/domain/certificates/manage-schemas';
import { formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { metaT, titled } from '~/lib/meta';
import { submitForm, submitIntent } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = (args) => titled(args.data?.certificate.number ?? metaT(args)('certificates:manage.title'));

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const c = await getCertificate(context.db, actor, params.certificateId ?? '');
  const locale = await i18nServer.getLocale(request);
  const date = (value: Date | string) => formatDate(value, c.timeZone, locale);
  return {
    certificate: {
      ...c,
      issuedAt: date(c.issuedAt),
      validUntil: c.validUntil ? date(c.validUntil) : null,
      revokedAt: c.revokedAt ? date(c.revokedAt) : null,
      history: c.history.map((h) => ({ ...h, issuedAt: date(h.issuedAt) })),
    },
  };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  // Another Dinas's certificate answers "not found" whatever the body (the operations check again).
  const { row } = await requireCertificate(context.db, actor, params.certificateId ?? '');
  const back = `/certificates/${row.id}`;
  const formData = await request.formData();
  if (formData.get('intent') === 'reissue') {
    return submitIntent(back, async () => {
      const result = await reissueCertificate(context.db, actor, row.id);
      return redirectWithToast(`/certificates/${result.id}`, { message: result.mailed ? 'certificates:manage.reissue.done' : 'certificates:manage.reissue.doneNoMail', values: { number: result.number } });
    });
  }
  return submitForm(formData, RevokeCertificateSchema, async ({ reason }) => {
    await revokeCertificate(context.db, actor, row.id, { reason });
    return redirectWithToast(back, { message: 'certificates:manage.revoke.done', values: { number: row.number } });
  });
});

export default function CertificateDetailPage() {
  const { certificate: c } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('certificates');
  const [form, fields] = useForm({
    id: 'revoke-certificate',
    lastResult,
    constraint: getZodConstraint(RevokeCertificateSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevokeCertificateSchema }),
  });
  return (
    <article className="certificate-detail">
      <p className="eyebrow">
        <Link to="/certificates">← {t('manage.back')}</Link>
      </p>
      <h1>
        {t(`kind.${c.kind}`)} <code>{c.number}</code>
      </h1>
      <dl className="facts">
        <dt>{t('status.label')}</dt>
        <dd>
          <span className={`badge badge-${c.status}`}>{t(`status.${c.status}`)}</span>
          {c.needsReissue && c.status === 'valid' ? <> {t('manage.needsReissue')}{c.reissueReason ? `: ${c.reissueReason}` : ''}</> : null}
        </dd>
        <dt>{t('fields.holder')}</dt>
        <dd>{c.holder}</dd>
        <dt>{t('fields.cooperative')}</dt>
        <dd>{c.cooperative ?? '—'}</dd>
        <dt>{t('fields.cohort')}</dt>
        <dd>
          <Link to={`/cohorts/${c.cohortId}`}>{c.cohortName}</Link>
        </dd>
        <dt>{t('fields.code')}</dt>
        <dd>
          <code>{c.groupedCode}</code>
        </dd>
        <dt>{t('fields.issuedOn')}</dt>
        <dd>{c.issuedAt}</dd>
        <dt>{t('fields.validUntil')}</dt>
        <dd>{c.validUntil ?? t('verify.noExpiry')}</dd>
        {c.revokedAt ? (
          <>
            <dt>{t('manage.revokedAt')}</dt>
            <dd>{c.revokedAt}</dd>
            <dt>{t('manage.revokeReason')}</dt>
            <dd>{c.revokeReason}</dd>
          </>
        ) : null}
      </dl>
      <p className="actions-row">
        <a href={`/certificates/${c.id}/pdf`} download className="button">
          {t('manage.download')}
        </a>
        <Link to={`/verify/${c.code}`} className="button secondary">
          {t('manage.verifyPage')}
        </Link>
      </p>

      {c.status === 'valid' ? (
        <>
          <section aria-labelledby="reissue-title">
            <h2 id="reissue-title">{t('manage.reissue.heading')}</h2>
            <p>{t('manage.reissue.explain')}</p>
            {c.nameChanged ? <p className="notice">{t('manage.reissue.nameChanged', { name: c.currentName })}</p> : null}
            <p>{c.holderEmail ? t('manage.reissue.mailTo', { email: c.holderEmail }) : t('manage.reissue.noEmail')}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="reissue" />
              <button type="submit" className="button">
                {t('manage.reissue.button')}
              </button>
            </Form>
          </section>
          <details className="danger-zone" open={!!form.errors?.length || !!fields.reason.errors?.length}>
            <summary>{t('manage.revoke.heading')}</summary>
            <Form method="post" {...getFormProps(form)}>
              <input type="hidden" name="intent" value="revoke" />
              <p>{t('manage.revoke.explain')}</p>
              <ErrorList id={form.errorId} errors={form.errors} />
              <TextareaField label={t('manage.revoke.reason')} hint={t('manage.revoke.reasonHint')} textareaProps={getTextareaProps(fields.reason)} errors={fields.reason.errors} />
              <button type="submit" className="button danger">
                {t('manage.revoke.confirm')}
              </button>
            </Form>
          </details>
        </>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('manage.history')}</h2>
        <p className="muted">{t('manage.historyIntro')}</p>
        <ol className="certificate-history">
          {c.history.map((h) => (
            <li key={h.id}>
              {h.id === c.id ? (
                <>
                  <code>{h.number}</code> {t('manage.current')}
                </>
              ) : (
                <Link to={`/certificates/${h.id}`}>
                  <code>{h.number}</code>
                </Link>
              )}{' '}
              — {h.issuedAt} — <span className={`badge badge-${h.status}`}>{t(`status.${h.status}`)}</span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
