import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { VerifyLookup } from '~/components/certificates/verify-lookup';
import { verifyCertificate } from '~/domain/certificates/verify.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { formatDate, formatDateRange } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { metaT, titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

/** Works whole without JavaScript and ships none (a phone on mobile data; see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = (args) => [
  ...titled(args.data?.certificate ? `${args.data.certificate.number} — ${args.data.certificate.holder.name}` : undefined),
  { name: 'description', content: metaT(args)('certificates:metaDescriptions.verify') },
  { name: 'robots', content: 'noindex' },
];

/** GET /verify/:code — a certificate's public verification page (no login); an unknown code → 404 with the lookup form. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const code = params.code ?? '';
  const certificate = await verifyCertificate(context.db, { code, ip: clientIp(request) });
  if (!certificate) return data({ certificate: null, code: code.slice(0, 40), dates: null }, { status: 404 });
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const zone = certificate.timeZone;
  return {
    certificate,
    code,
    dates: {
      issuedOn: formatDate(certificate.issuedOn, zone, locale),
      validUntil: certificate.validUntil ? formatDate(certificate.validUntil, zone, locale) : null,
      cohort: formatDateRange(certificate.cohort.startsOn, certificate.cohort.endsOn, locale),
      examDate: certificate.examDate ? formatDate(certificate.examDate, zone, locale) : null,
      revokedAt: certificate.revocation ? formatDate(new Date(certificate.revocation.at), zone, locale) : null,
    },
  };
});

export default function VerifyPage() {
  const { certificate: c, code, dates } = useLoaderData<typeof loader>();
  const { t } = useTranslation('certificates');
  if (!c || !dates) {
    return (
      <article className="verify">
        <h1>{t('verify.unknownTitle')}</h1>
        <p role="alert">{t('verify.unknown', { code })}</p>
        <VerifyLookup />
      </article>
    );
  }
  return (
    <article className="verify">
      <p className="eyebrow">{t('verify.eyebrow')}</p>
      <h1>{t(`kind.${c.kind}`)}</h1>
      <p className={`verify-status verify-status-${c.status}`} role="status">
        <span className={`badge badge-${c.status === 'valid' ? 'valid' : c.status === 'expired' ? 'closed' : 'revoked'}`}>{t(`status.${c.status}`)}</span> {t(`statusText.${c.status}`)}
      </p>
      {c.revocation ? (
        <p className="form-error">
          {t('verify.revoked', { date: dates.revokedAt, reason: c.revocation.reason })}
        </p>
      ) : null}
      {c.supersededBy ? (
        <p>
          {t('verify.supersededBy')} <Link to={`/verify/${c.supersededBy.code}`}>{c.supersededBy.number}</Link>
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('fields.number')}</dt>
        <dd>{c.number}</dd>
        <dt>{t('fields.code')}</dt>
        <dd>
          <code>{c.groupedCode}</code>
        </dd>
        <dt>{t('fields.holder')}</dt>
        <dd>
          <strong>{c.holder.name}</strong>
          {c.holder.position ? `, ${c.holder.position}` : null}
        </dd>
        {c.cooperative ? (
          <>
            <dt>{t('fields.cooperative')}</dt>
            <dd>
              <Link to={`/koperasi/${c.cooperative.slug}`}>{c.cooperative.name}</Link>
              {c.cooperative.number ? ` (${c.cooperative.number})` : null}
            </dd>
          </>
        ) : null}
        <dt>{t('fields.program')}</dt>
        <dd>
          {c.program.title}
          {c.kind === 'competency' && c.program.schemeName ? (
            <>
              <br />
              {c.program.schemeName}
              {c.program.schemeNumber ? ` (${c.program.schemeNumber})` : null}
            </>
          ) : null}
        </dd>
        <dt>{t('fields.cohort')}</dt>
        <dd>
          {c.cohort.name}, {dates.cohort}
          {c.cohort.venueName ? `, ${c.cohort.venueName}` : null}
        </dd>
        {dates.examDate ? (
          <>
            <dt>{t('fields.examDate')}</dt>
            <dd>{dates.examDate}</dd>
          </>
        ) : null}
        <dt>{t('fields.issuer')}</dt>
        <dd>
          {c.issuers.map((i) => (
            <span key={i.name} className="issuer">
              {i.name}
              {i.licenseNumber ? ` (${i.licenseNumber})` : null}
              <br />
            </span>
          ))}
        </dd>
        {c.signatories.length ? (
          <>
            <dt>{t('fields.signatories')}</dt>
            <dd>{c.signatories.map((s) => `${s.name}, ${s.title}`).join('; ')}</dd>
          </>
        ) : null}
        <dt>{t('fields.issuedOn')}</dt>
        <dd>{dates.issuedOn}</dd>
        <dt>{t('fields.validUntil')}</dt>
        <dd>{dates.validUntil ?? t('verify.noExpiry')}</dd>
      </dl>
      {c.kind === 'competency' ? (
        <section aria-labelledby="units-heading">
          <h2 id="units-heading">{t('verify.units')}</h2>
          <div className="table-wrap" role="region" aria-labelledby="units-heading" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('fields.unitCode')}</th>
                  <th scope="col">{t('fields.unitTitle')}</th>
                  <th scope="col">{t('fields.result')}</th>
                </tr>
              </thead>
              <tbody>
                {c.program.units.map((u) => (
                  <tr key={u.code}>
                    <td>{u.code}</td>
                    <td>{u.title}</td>
                    <td>{u.result ? t(`result.${u.result}`) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <p>
        <a href={`/verify/${c.code}.pdf`} download>
          {t('verify.downloadPdf')}
        </a>{' '}
        · <a href={`/verify/${c.code}.json`}>{t('verify.json')}</a>
      </p>
      <VerifyLookup />
    </article>
  );
}
