import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { clearSessionCookie, requireActor } from '~/lib/auth.server';
import { getOwnAccount, signOutEverywhere } from '~/domain/accounts/account.server';
import { DEFAULT_TIME_ZONE, formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('accounts:account.title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const account = await getOwnAccount(context.db, actor);
  // An account belongs to no one Dinas: its dates show in the default zone.
  return {
    account: {
      ...account,
      createdAt: formatDate(account.createdAt, DEFAULT_TIME_ZONE, locale),
      person: account.person
        ? { ...account.person, birthDate: account.person.birthDate ? formatDate(account.person.birthDate, DEFAULT_TIME_ZONE, locale) : null }
        : null,
    },
  };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const form = await request.formData();
  if (form.get('intent') !== 'sign-out-everywhere') throw new Response('Bad request', { status: 400 });
  await signOutEverywhere(context.db, actor);
  return redirectWithToast('/login', { message: 'accounts:account.signedOutEverywhere' }, { headers: { 'Set-Cookie': await clearSessionCookie() } });
});

export default function Account() {
  const { t } = useTranslation('accounts');
  const { account } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('account.title')}</h1>
      <h2>{t('account.profile')}</h2>
      <dl className="facts">
        <dt>{t('account.name')}</dt>
        <dd>{account.displayName}</dd>
        <dt>{t('account.email')}</dt>
        <dd>{account.email}</dd>
        <dt>{t('account.memberSince')}</dt>
        <dd>{account.createdAt}</dd>
      </dl>
      {account.person ? (
        <>
          <h2>{t('account.person')}</h2>
          <dl className="facts">
            <dt>{t('account.nik')}</dt>
            <dd>{account.person.nik}</dd>
            {account.person.birthDate ? (
              <>
                <dt>{t('account.birthDate')}</dt>
                <dd>{account.person.birthDate}</dd>
              </>
            ) : null}
            <dt>{t('users.status')}</dt>
            <dd>
              <span className={`badge badge-${account.person.status}`}>{t(`account.personStatus.${account.person.status}`)}</span>
            </dd>
          </dl>
        </>
      ) : null}
      <h2>{t('account.roles')}</h2>
      {account.roles.length ? (
        <ul>
          {account.roles.map((r) => (
            <li key={r.id}>
              {t(`roles.${r.role}`)}
              {r.organizationName ? ` — ${r.organizationName}` : null}
              {r.registrationNumber ? ` (${r.registrationNumber})` : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('account.noRoles')}</p>
      )}
      <h2>{t('account.security')}</h2>
      <p>{t('account.sessions', { count: account.activeSessions })}</p>
      <Form method="post" className="stack">
        <p className="hint">{t('account.signOutEverywhereHint')}</p>
        <button type="submit" name="intent" value="sign-out-everywhere" className="button secondary">
          {t('account.signOutEverywhere')}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t('account.changePassword')}</Link>
      </p>
    </section>
  );
}
