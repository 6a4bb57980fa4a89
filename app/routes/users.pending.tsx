import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { confirmPendingPerson, listPendingPeople } from '~/domain/accounts/pending-people.server';
import { DEFAULT_TIME_ZONE, formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { submitButton } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('accounts:pending.title');

/** Cooperative admins and coordinators confirm people who signed up without being on a roster. */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const people = await listPendingPeople(context.db, actor);
  // The list may span the cooperatives of several Dinas: dates show in the default zone.
  return {
    people: people.map((p) => ({
      ...p,
      birthDate: p.birthDate ? formatDate(p.birthDate, DEFAULT_TIME_ZONE, locale) : null,
      createdAt: formatDate(p.createdAt, DEFAULT_TIME_ZONE, locale),
    })),
  };
});

/** A person already confirmed answers 409 with the message; another organization's person 404. */
export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const form = await request.formData();
  const personId = String(form.get('personId') ?? '');
  return submitButton(async () => {
    const confirmed = await confirmPendingPerson(context.db, actor, personId);
    return redirectWithToast('/users/pending', { message: 'accounts:pending.confirmed', values: { name: confirmed.fullName } });
  });
});

export default function PendingPeople() {
  const { t } = useTranslation('accounts');
  const { people } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <section>
      <h1>{t('pending.title')}</h1>
      <p>{t('pending.intro')}</p>
      <ErrorList errors={actionData?.formErrors} />
      {people.length === 0 ? (
        <p>{t('pending.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('pending.name')}</th>
                <th scope="col">{t('pending.nik')}</th>
                <th scope="col">{t('pending.birthDate')}</th>
                <th scope="col">{t('pending.cooperative')}</th>
                <th scope="col">{t('pending.position')}</th>
                <th scope="col">{t('pending.email')}</th>
                <th scope="col">{t('pending.since')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('pending.confirm')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={`${p.id}-${p.cooperativeId}`}>
                  <td>{p.fullName}</td>
                  <td>
                    <code>{p.nik}</code>
                  </td>
                  <td>{p.birthDate ?? '—'}</td>
                  <td>{p.cooperativeName}</td>
                  <td>{p.position}</td>
                  <td>{p.email ?? '—'}</td>
                  <td>{p.createdAt}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="personId" value={p.id} />
                      <button
                        type="submit"
                        className="button secondary"
                        aria-label={t('pending.confirmLabel', { name: p.fullName })}
                        disabled={navigation.state === 'submitting'}
                      >
                        {t('pending.confirm')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
