import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { EntityHistory } from '~/components/entity-history';
import { ErrorList } from '~/components/field';
import { RoleGrantFields } from '~/components/role-grant-fields';
import { requireActor } from '~/lib/auth.server';
import { ADMIN_ROLES } from '~/domain/accounts/admin-scope';
import { GrantSchema } from '~/domain/accounts/schemas';
import { deactivateUser, getUserPage, grantRole, reactivateUser, requireUserInScope, revokeRole } from '~/domain/accounts/users.server';
import { formatDate, formatDateTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { titled } from '~/lib/meta';
import { submitButton, submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.user.displayName);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const { user, organizations, history } = await getUserPage(context.db, actor, params.userId ?? '', { locale });
  const tz = user.timeZone;
  const { scope: _scope, ...shown } = user;
  return {
    user: {
      ...shown,
      createdAt: formatDate(user.createdAt, tz, locale),
      lockedUntil: user.lockedUntil ? formatDateTime(user.lockedUntil, tz, locale) : null,
      lastSeenAt: user.lastSeenAt ? formatDateTime(user.lastSeenAt, tz, locale) : null,
      person: user.person ? { ...user.person, birthDate: user.person.birthDate ? formatDate(user.person.birthDate, tz, locale) : null } : null,
    },
    organizations,
    history,
  };
});

/**
 * The grant form answers bad input with 400 and its errors; the buttons (revoke,
 * deactivate, reactivate) answer a refusal with 409 and its message.
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  // Another organization's user answers "not found" before the form is read (the domain checks again).
  const userId = params.userId ?? '';
  await requireUserInScope(context.db, actor, userId);
  const formData = await request.formData();
  const intent = formData.get('intent');
  const here = `/users/${userId}`;
  if (intent === 'grant-role') {
    return submitForm(formData, GrantSchema, async (value) => {
      await grantRole(context.db, actor, userId, value);
      return redirectWithToast(here, { message: 'accounts:users.roleGranted' });
    });
  }
  if (intent === 'revoke-role') {
    return submitButton(async () => {
      await revokeRole(context.db, actor, userId, String(formData.get('roleId') ?? ''));
      return redirectWithToast(here, { message: 'accounts:users.roleRevoked' });
    });
  }
  if (intent === 'deactivate' || intent === 'reactivate') {
    return submitButton(async () => {
      const user = await (intent === 'deactivate' ? deactivateUser : reactivateUser)(context.db, actor, userId);
      return redirectWithToast(here, { message: `accounts:users.${intent}d`, values: { name: user.displayName } });
    });
  }
  throw new Response('Bad request', { status: 400 });
});

export default function UserPage() {
  const { t } = useTranslation('accounts');
  const { user, organizations, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A button's refusal ({ formErrors }) shows at the top; the grant form's reply goes to conform.
  const refusal = actionData && 'formErrors' in actionData ? actionData.formErrors : undefined;
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: 'grant-role',
    lastResult: actionData && !('formErrors' in actionData) ? actionData : undefined,
    constraint: getZodConstraint(GrantSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GrantSchema }),
  });
  const busy = navigation.state === 'submitting';
  return (
    <section>
      <p>
        <Link to="/users">{t('users.back')}</Link>
      </p>
      <h1>{user.displayName}</h1>
      <ErrorList errors={refusal} />
      <dl className="facts">
        <dt>{t('users.email')}</dt>
        <dd>
          {user.email} <span className="muted">({user.emailVerified ? t('users.emailVerified') : t('users.emailNotVerified')})</span>
        </dd>
        <dt>{t('users.status')}</dt>
        <dd>
          <span className={`badge ${user.isActive ? 'badge-confirmed' : 'badge-cancelled'}`}>{user.isActive ? t('users.active') : t('users.inactive')}</span>
          {user.lockedUntil ? <> {t('users.lockedUntil', { until: user.lockedUntil })}</> : null}
        </dd>
        <dt>{t('users.created')}</dt>
        <dd>{user.createdAt}</dd>
        <dt>{t('users.sessions')}</dt>
        <dd>{user.activeSessions}</dd>
        <dt>{t('users.lastSeen')}</dt>
        <dd>{user.lastSeenAt ?? t('users.never')}</dd>
      </dl>

      {user.person ? (
        <>
          <h2>{t('users.person')}</h2>
          <dl className="facts">
            <dt>{t('account.name')}</dt>
            <dd>{user.person.fullName}</dd>
            <dt>{t('account.nik')}</dt>
            <dd>{user.person.nik}</dd>
            {user.person.birthDate ? (
              <>
                <dt>{t('account.birthDate')}</dt>
                <dd>{user.person.birthDate}</dd>
              </>
            ) : null}
            <dt>{t('users.status')}</dt>
            <dd>{t(`account.personStatus.${user.person.status}`)}</dd>
          </dl>
        </>
      ) : null}

      <h2>{t('users.roles')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.organization')}</th>
              <th scope="col">{t('users.registrationNumber')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('users.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {user.roles.map((r) => (
              <tr key={r.id}>
                <td>{t(`roles.${r.role}`)}</td>
                <td>{r.organizationName ?? '—'}</td>
                <td>{r.registrationNumber ?? '—'}</td>
                <td>
                  {r.manageable && !(user.isSelf && ADMIN_ROLES.includes(r.role)) ? (
                    <Form method="post">
                      <input type="hidden" name="roleId" value={r.id} />
                      <button type="submit" name="intent" value="revoke-role" className="link-button" disabled={busy}>
                        {t('users.revoke')}
                        <span className="visually-hidden">
                          {' '}
                          {t(`roles.${r.role}`)} {r.organizationName ?? ''}
                        </span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t('users.grantTitle')}</h3>
      <Form method="post" {...getFormProps(form)} className="form-narrow">
        <ErrorList id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="grant-role" />
        <RoleGrantFields fields={fields} organizations={organizations} />
        <button type="submit" className="button secondary" disabled={busy}>
          {t('users.grant')}
        </button>
      </Form>

      {!user.isSelf && user.canDeactivate ? (
        <>
          <h2>{user.isActive ? t('users.deactivate') : t('users.reactivate')}</h2>
          <Form method="post">
            {user.isActive ? <p className="hint">{t('users.deactivateHint')}</p> : null}
            <button
              type="submit"
              name="intent"
              value={user.isActive ? 'deactivate' : 'reactivate'}
              className={user.isActive ? 'button danger' : 'button secondary'}
              disabled={busy}
            >
              {user.isActive ? t('users.deactivate') : t('users.reactivate')}
            </button>
          </Form>
        </>
      ) : null}

      <EntityHistory entries={history} />
    </section>
  );
}
