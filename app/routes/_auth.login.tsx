import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorList, Field } from '../components/field';
import { getActor, safeRedirect, startSession } from '../domain/accounts/auth.server';
import { SignInError, verifyCredentials } from '../domain/accounts/sign-in.server';
import { clientIp } from '../lib/auth-cookie.server';
import { db } from '../lib/db.server';
import { createToastHeaders } from '../lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Masuk · Kompeten' }];

const SignInSchema = z.object({
  email: z.email({ message: 'accounts:signIn.invalidEmail' }),
  password: z.string({ message: 'accounts:signIn.passwordRequired' }).min(1, 'accounts:signIn.passwordRequired'),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) return redirect('/');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SignInSchema });
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password'] });
  try {
    const user = await verifyCredentials(db(), { ...submission.value, ip: clientIp(request) });
    return startSession(
      request,
      user.userId,
      safeRedirect(submission.value.redirectTo),
      await createToastHeaders({ message: 'accounts:welcome', values: { name: user.displayName } }),
    );
  } catch (error) {
    if (error instanceof SignInError) return submission.reply({ formErrors: [error.message], hideFields: ['password'] });
    throw error;
  }
}

export default function SignIn() {
  const { t } = useTranslation('accounts');
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SignInSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  return (
    <section className="narrow">
      <h1>{t('signIn.title')}</h1>
      <Form method="post" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
        <Field
          label={t('signIn.email')}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', autoFocus: true }}
          errors={fields.email.errors}
        />
        <Field
          label={t('signIn.password')}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
          errors={fields.password.errors}
        />
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {t('signIn.submit')}
        </button>
      </Form>
    </section>
  );
}
