import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { NewPasswordFields } from '~/components/new-password-fields';
import { findPasswordReset, resetPassword } from '~/domain/accounts/password-reset.server';
import { NewPasswordSchema } from '~/domain/accounts/schemas';
import { clearSessionCookie } from '~/lib/auth.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { db } from '~/lib/db.server';
import { NotFoundError } from '~/lib/errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Kata sandi baru · Kompeten' }];

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = await findPasswordReset(db(), params.token ?? '');
  if (!reset) return data({ reset: null }, { status: 410 });
  return { reset };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: NewPasswordSchema });
  const hideFields = ['password', 'passwordConfirm'];
  if (submission.status !== 'success') return submission.reply({ hideFields });
  try {
    await resetPassword(db(), { token: params.token ?? '', password: submission.value.password, ip: clientIp(request) });
  } catch (error) {
    if (error instanceof NotFoundError) return data(submission.reply({ formErrors: ['accounts:reset.invalid'], hideFields }), { status: 410 });
    throw error;
  }
  // Every session of the account is gone, this browser's too.
  return redirectWithToast('/login', { message: 'accounts:reset.done' }, { headers: { 'Set-Cookie': await clearSessionCookie() } });
}

export default function ResetPassword() {
  const { t } = useTranslation('accounts');
  const { reset } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(NewPasswordSchema),
    // Validated on submit, then as the person types: a check on blur would shift the layout under a click.
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
