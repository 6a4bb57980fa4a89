import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CooperativeStatusBadge } from '~/components/cooperatives/badges';
import { slugOfCooperativeNumber } from '~/domain/cooperatives/cooperative.server';
import { getPublicRoster } from '~/domain/cooperatives/public-roster.server';
import { formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { metaT, titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

/** Works whole without JavaScript and ships none (a phone on mobile data; see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = (args) => [
  ...titled(args.data?.cooperative.name),
  ...(args.data
    ? [{ name: 'description', content: metaT(args)('cooperatives:public.metaDescription', { name: args.data.cooperative.name, regency: args.data.cooperative.regency }) }]
    : []),
];

/** The public roster: stable by slug; a 16-digit cooperative number redirects to it. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const key = params.slug ?? '';
  if (/^[0-9]{16}$/.test(key)) throw redirect(`/koperasi/${await slugOfCooperativeNumber(context.db, key)}`, 301);
  const cooperative = await getPublicRoster(context.db, key);
  if (!cooperative) throw new Response('Not found', { status: 404 });
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  return {
    cooperative: {
      ...cooperative,
      staff: cooperative.staff.map((s) => ({
        ...s,
        certificates: s.certificates.map((c) => ({ ...c, validUntil: c.validUntil ? formatDate(c.validUntil, cooperative.timeZone, locale) : null })),
      })),
    },
  };
});

export default function PublicRosterPage() {
  const { cooperative: c } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cooperatives');
  const address = [c.street, c.village, c.district, c.regency, c.postalCode].filter(Boolean).join(', ');
  return (
    <article className="public-roster">
      <p className="eyebrow">{t('public.eyebrow', { dinas: c.dinasName })}</p>
      <h1>{c.name}</h1>
      <p className="meta">
        {c.type}
        {c.savingsLoanUnit ? ` · ${c.savingsLoanUnit}` : null} <CooperativeStatusBadge status={c.status} />
      </p>
      {address ? (
        <p>
          <span className="visually-hidden">{t('fields.address')}: </span>
          {address}
        </p>
      ) : null}
      <h2>{t('public.staff')}</h2>
      {c.staff.length === 0 ? (
        <p>{t('public.noStaff')}</p>
      ) : (
        <ul className="staff-list">
          {c.staff.map((s, index) => (
            <li key={`${s.fullName}-${s.position}-${index}`} className="staff-card">
              <h3>{s.fullName}</h3>
              <p className="staff-position">{s.position}</p>
              {s.certificates.length === 0 ? (
                <p className="muted">{t('public.noCertificates')}</p>
              ) : (
                <ul className="certificate-list" aria-label={t('public.certificates')}>
                  {s.certificates.map((cert) => (
                    <li key={cert.verificationCode}>
                      <a href={`/verify/${cert.verificationCode}`} title={t('public.verify', { number: cert.number })}>
                        {t(`public.certificateKind.${cert.kind}`)} · {cert.number}
                      </a>
                      {cert.validUntil ? <span className="muted"> ({t('public.validUntil', { date: cert.validUntil })})</span> : null}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="hint">{t('public.privacy')}</p>
    </article>
  );
}
