import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { NewPasswordFields } from '~/components/new-password-fields';
import { getActor, startSession } from '~/lib/auth.server';
import { acceptInvitation, findInvitation } from '~/domain/accounts/invitations.server';
import { AcceptInvitationSchema } from '~/domain/accounts/schemas';
import { clientIp } from '~/lib/auth-cookie.server';
import { db } from '~/lib/db.server';
import { NotFoundError } from '~/lib/errors';
import { i18nServer } from '~/lib/i18n.server';
import { formErrorsOf } from '~/lib/route-errors.server';
import { createToastHeaders, redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Undangan · Kompeten' }];

type Step = 'create' | 'signIn' | 'accept' | 'wrongUser' | 'signOutFirst';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findInvitation(db(), params.token ?? '');
  if (!invitation) return data({ invitation: null, step: null }, { status: 410 });
  const actor = await getActor(request);
  let step: Step;
  if (invitation.accountExists) step = !actor ? 'signIn' : actor.email === invitation.email ? 'accept' : 'wrongUser';
  else step = actor ? 'signOutFirst' : 'create';
  return { invitation, step };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? '';
  const formData = await request.formData();
  const actor = await getActor(request);
  const ip = clientIp(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const invalid = () => data({ result: null, formErrors: ['accounts:invitation.invalid'] }, { status: 410 });

  if (formData.get('intent') === 'accept') {
    try {
      await acceptInvitation(db(), { token, actor, ip });
      return redirectWithToast('/account', { message: 'accounts:invitation.accepted' });
    } catch (error) {
      if (error instanceof NotFoundError) return invalid();
      const errors = formErrorsOf(error);
      if (errors) return data({ result: null, formErrors: errors.formErrors ?? [] }, { status: 409 });
      throw error;
    }
  }

  const submission = parseWithZod(formData, { schema: AcceptInvitationSchema });
  const hideFields = ['password', 'passwordConfirm'];
  if (submission.status !== 'success') return { result: submission.reply({ hideFields }), formErrors: [] };
  try {
    const accepted = await acceptInvitation(db(), {
      token,
      actor,
      ip,
      newAccount: { displayName: submission.value.displayName, password: submission.value.password, locale },
    });
    return startSession(
      request,
      accepted.userId,
      '/account',
      await createToastHeaders({ message: 'accounts:welcome', values: { name: accepted.displayName } }),
    );
  } catch (error) {
    if (error instanceof NotFoundError) return invalid();
    const errors = formErrorsOf(error);
    if (errors) return data({ result: submission.reply({ ...errors, hideFields }), formErrors: [] }, { status: 409 });
    throw error;
  }
}

export default function Invitation() {
  const { t } = useTranslation('accounts');
  const { invitation, step } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(AcceptInvitationSchema),
    // Validated on submit, then as the person types: a check on blur would shift the layout under a click.
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
      <ErrorList errors={actionData?.formErrors} />
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
