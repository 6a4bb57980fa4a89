import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { RoleGrantFields } from '~/components/role-grant-fields';
import { requireActor } from '~/lib/auth.server';
import { requireAdminScope } from '~/domain/accounts/grants.server';
import { getInvitationsPage, inviteUser } from '~/domain/accounts/invitations.server';
import { InviteSchema } from '~/domain/accounts/schemas';
import { formatDateTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('accounts:invite.title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const { organizations, invitations, timeZone } = await getInvitationsPage(context.db, actor);
  return {
    organizations,
    invitations: invitations.map(({ createdAt: _created, ...i }) => ({ ...i, expiresAt: formatDateTime(i.expiresAt, timeZone, locale) })),
  };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  // Someone who administers no one gets "not found" before the form is even read (the domain checks again).
  requireAdminScope(actor);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  return submitForm(await request.formData(), InviteSchema, async (value) => {
    await inviteUser(context.db, actor, { ...value, locale });
    return redirectWithToast('/users/invite', { message: 'accounts:invite.sent', values: { email: value.email } });
  });
});

export default function InviteUser() {
  const { t } = useTranslation('accounts');
  const { organizations, invitations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  return (
    <section>
      <p>
        <Link to="/users">{t('users.back')}</Link>
      </p>
      <h1>{t('invite.title')}</h1>
      <p>{t('invite.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="form-narrow">
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field
          label={t('invite.email')}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
          errors={fields.email.errors}
        />
        <Field label={t('invite.name')} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }} errors={fields.name.errors} />
        <RoleGrantFields fields={fields} organizations={organizations} />
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {t('invite.submit')}
        </button>
      </Form>

      <h2>{t('invite.openTitle')}</h2>
      {invitations.length === 0 ? (
        <p>{t('invite.openEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('invite.email')}</th>
                <th scope="col">{t('invite.role')}</th>
                <th scope="col">{t('invite.organization')}</th>
                <th scope="col">{t('invite.invitedBy')}</th>
                <th scope="col">{t('invite.expires')}</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.email}
                    {i.name ? <span className="muted"> ({i.name})</span> : null}
                  </td>
                  <td>{t(`roles.${i.role}`)}</td>
                  <td>{i.organizationName}</td>
                  <td>{i.invitedBy}</td>
                  <td>{i.expiresAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
