import { data, redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { VerifyLookup } from '~/components/certificates/verify-lookup';
import { findCertificateCode } from '~/domain/certificates/verify.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { pageTitleAndDescription } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

/** Works whole without JavaScript and ships none (a phone on mobile data; see root.tsx). */
export const handle = { hydrate: false };

export const meta = pageTitleAndDescription('certificates:verify.lookupTitle', 'certificates:metaDescriptions.verify');

/** GET /verify?q=… — finds a certificate by its number or code and goes to its page; none → 404 with the form. */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const query = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 120);
  if (!query.trim()) return { query, notFound: false };
  const code = await findCertificateCode(context.db, { query, ip: clientIp(request) });
  if (code) throw redirect(`/verify/${code}`);
  return data({ query, notFound: true }, { status: 404 });
});

export default function VerifyLookupPage() {
  const { query, notFound } = useLoaderData<typeof loader>();
  const { t } = useTranslation('certificates');
  return (
    <article className="verify">
      <h1>{t('verify.lookupTitle')}</h1>
      <p>{t('verify.lookupIntro')}</p>
      {notFound ? (
        <p className="form-error" role="alert">
          {t('verify.notFoundQuery', { query })}
        </p>
      ) : null}
      <VerifyLookup defaultValue={query} />
    </article>
  );
}
