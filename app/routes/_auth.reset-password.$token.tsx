import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { NewPasswordFields } from '~/components/new-password-fields';
import { findPasswordReset, resetPassword } from '~/domain/accounts/password-reset.server';
import { NewPasswordSchema } from '~/domain/accounts/schemas';
import { clearSessionCookie } from '~/lib/auth.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('accounts:pageTitles.resetPassword');

export const loader = withDomainErrors(async ({ params, context }: LoaderFunctionArgs) => {
  const reset = await findPasswordReset(context.db, params.token ?? '');
  if (!reset) return data({ reset: null }, { status: 410 });
  return { reset };
});

/** A used or expired link answers 410 with the form's message. */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  return submitForm(
    await request.formData(),
    NewPasswordSchema,
    async (value) => {
      await resetPassword(context.db, { token: params.token ?? '', password: value.password, ip: clientIp(request) });
      // Every session of the account is gone, this browser's too.
      return redirectWithToast('/login', { message: 'accounts:reset.done' }, { headers: { 'Set-Cookie': await clearSessionCookie() } });
    },
    { hideFields: ['password', 'passwordConfirm'] },
  );
});

export default function ResetPassword() {
  const { t } = useTranslation('accounts');
  const { reset } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(NewPasswordSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPasswordSchema }),
  });
  if (!reset) {
    return (
      <section className="narrow">
        <h1>{t('reset.invalidTitle')}</h1>
        <p>{t('reset.invalid')}</p>
        <p>
          <Link to="/forgot-password">{t('reset.requestNew')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t('reset.title')}</h1>
      <p>{t('reset.intro', { email: reset.email })}</p>
      <Form method="post" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <NewPasswordFields password={fields.password} passwordConfirm={fields.passwordConfirm} autoFocus />
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {t('reset.submit')}
        </button>
      </Form>
    </section>
  );
}
