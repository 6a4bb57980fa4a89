import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorList, Field } from '~/components/field';
import { getActor, safeRedirect, startSession } from '~/lib/auth.server';
import { RateLimitedError } from '~/domain/accounts/rate-limit.server';
import { SignInError, verifyCredentials } from '~/domain/accounts/sign-in.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { db } from '~/lib/db.server';
import { createToastHeaders } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Masuk · Kompeten' }];

/** A rate-limited answer (429) carries Retry-After from the action. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

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
    if (error instanceof RateLimitedError) {
      return data(submission.reply({ formErrors: [error.message], hideFields: ['password'] }), {
        status: 429,
        headers: { 'Retry-After': String(error.retryAfterSeconds) },
      });
    }
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
    // Validated on submit, then as the person types: a check on blur would shift the layout under a click.
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
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
      <ul className="auth-links">
        <li>
          <Link to="/forgot-password">{t('signIn.forgotPassword')}</Link>
        </li>
        <li>
          <Link to="/signup">{t('signIn.signUp')}</Link>
        </li>
      </ul>
    </section>
  );
}
