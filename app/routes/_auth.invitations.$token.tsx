import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { NewPasswordFields } from '~/components/new-password-fields';
import { getActor, startSession } from '~/lib/auth.server';
import { acceptInvitation, findInvitation } from '~/domain/accounts/invitations.server';
import { AcceptInvitationSchema } from '~/domain/accounts/schemas';
import { clientIp } from '~/lib/auth-cookie.server';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { submitButton, submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { createToastHeaders, redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('accounts:pageTitles.invitation');

type Step = 'create' | 'signIn' | 'accept' | 'wrongUser' | 'signOutFirst';

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const invitation = await findInvitation(context.db, params.token ?? '');
  if (!invitation) return data({ invitation: null, step: null }, { status: 410 });
  const actor = await getActor(request);
  let step: Step;
  if (invitation.accountExists) step = !actor ? 'signIn' : actor.email === invitation.email ? 'accept' : 'wrongUser';
  else step = actor ? 'signOutFirst' : 'create';
  return { invitation, step };
});

/**
 * "Accept" (a button, for an existing account) answers a refusal with 409 and its message;
 * "create" (a form) with 400 and the form's errors; a used or expired link with 410.
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const token = params.token ?? '';
  // A used or expired link answers 410 whatever the body.
  if (!(await findInvitation(context.db, token))) return data({ formErrors: ['accounts:invitation.invalid'] }, { status: 410 });
  const formData = await request.formData();
  const actor = await getActor(request);
  const ip = clientIp(request);
  if (formData.get('intent') === 'accept') {
    return submitButton(async () => {
      await acceptInvitation(context.db, { token, actor, ip });
      return redirectWithToast('/account', { message: 'accounts:invitation.accepted' });
    });
  }
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  return submitForm(
    formData,
    AcceptInvitationSchema,
    async (value) => {
      const accepted = await acceptInvitation(context.db, {
        token,
        actor,
        ip,
        newAccount: { displayName: value.displayName, password: value.password, locale },
      });
      return startSession(request, accepted.userId, '/account', await createToastHeaders({ message: 'accounts:welcome', values: { name: accepted.displayName } }));
    },
    { hideFields: ['password', 'passwordConfirm'] },
  );
});

export default function Invitation() {
  const { t } = useTranslation('accounts');
  const { invitation, step } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The accept button's refusal ({ formErrors }) shows above; the form's own reply goes to conform.
  const refusal = actionData && 'formErrors' in actionData ? actionData.formErrors : undefined;
  const lastResult = actionData && !('formErrors' in actionData) ? actionData : undefined;
  const location = useLocation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(AcceptInvitationSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { displayName: invitation?.name ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptInvitationSchema }),
  });
  if (!invitation) {
    return (
      <section className="narrow">
        <h1>{t('invitation.invalidTitle')}</h1>
        <p>{t('invitation.invalid')}</p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t('invitation.title')}</h1>
      <p>
        <strong>{t('invitation.for', { role: t(`roles.${invitation.role}`), organization: invitation.organizationName })}</strong>
      </p>
      {invitation.dinasName ? <p>{t('invitation.by', { dinas: invitation.dinasName, email: invitation.email })}</p> : null}
      <ErrorList errors={refusal} />
      {step === 'create' ? (
        <>
          <p>{t('invitation.createIntro')}</p>
          <Form method="post" {...getFormProps(form)}>
            <ErrorList id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="create" />
            <Field
              label={t('form.name')}
              inputProps={{ ...getInputProps(fields.displayName, { type: 'text' }), autoComplete: 'name' }}
              errors={fields.displayName.errors}
            />
            <NewPasswordFields password={fields.password} passwordConfirm={fields.passwordConfirm} />
            <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
              {t('invitation.createSubmit')}
            </button>
          </Form>
        </>
      ) : step === 'signIn' ? (
        <>
          <p>{t('invitation.signInIntro', { email: invitation.email })}</p>
          <p>
            <Link className="button primary" to={`/login?${new URLSearchParams({ redirectTo: location.pathname })}`}>
              {t('invitation.signInLink')}
            </Link>
          </p>
        </>
      ) : step === 'accept' ? (
        <Form method="post">
          <p>{t('invitation.acceptIntro')}</p>
          <button type="submit" name="intent" value="accept" className="button primary" disabled={navigation.state === 'submitting'}>
            {t('invitation.acceptSubmit')}
          </button>
        </Form>
      ) : (
        <p>{t(step === 'wrongUser' ? 'invitation.wrongUser' : 'invitation.signOutFirst')}</p>
      )}
    </section>
  );
}
