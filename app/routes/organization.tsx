import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireActor } from '~/lib/auth.server';
import { managedOrganizations } from '~/domain/organizations/access.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('organizations:title');

/** The menu's "Profil lembaga": straight to the organization the actor keeps, or a choice when there are several. */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const organizations = await managedOrganizations(context.db, actor);
  if (organizations.length === 1) throw redirect(`/organizations/${organizations[0]!.id}`);
  return { organizations };
});

export default function ChooseOrganization() {
  const { organizations } = useLoaderData<typeof loader>();
  const { t } = useTranslation('organizations');
  return (
    <section>
      <h1>{t('title')}</h1>
      {organizations.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <>
          <p>{t('chooseIntro')}</p>
          <ul className="plain-list">
            {organizations.map((o) => (
              <li key={o.id}>
                <Link to={`/organizations/${o.id}`}>{o.name}</Link> <span className="hint">({t(`kind.${o.kind}`)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
