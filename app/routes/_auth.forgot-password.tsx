import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { filledHoneypot, Honeypot } from '~/components/honeypot';
import { requestPasswordReset } from '~/domain/accounts/password-reset.server';
import { RateLimitedError } from '~/domain/accounts/rate-limit.server';
import { ResetRequestSchema } from '~/domain/accounts/schemas';
import { clientIp } from '~/lib/auth-cookie.server';
import { db } from '~/lib/db.server';
import { i18nServer } from '~/lib/i18n.server';

export const meta: MetaFunction = () => [{ title: 'Lupa kata sandi · Kompeten' }];

/** A rate-limited answer (429) carries Retry-After from the action. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  if (filledHoneypot(formData)) return redirect('/forgot-password?sent=1');
  const submission = parseWithZod(formData, { schema: ResetRequestSchema });
  if (submission.status !== 'success') return submission.reply();
  try {
    await requestPasswordReset(db(), {
      email: submission.value.email,
      ip: clientIp(request),
      locale: (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id',
    });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return data(submission.reply({ formErrors: [error.message] }), { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } });
    }
    throw error;
  }
  // The same answer whether or not the address has an account.
  return redirect('/forgot-password?sent=1');
}

export default function ForgotPassword() {
  const { t } = useTranslation('accounts');
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(ResetRequestSchema),
    // Validated on submit, then as the person types: a check on blur would shift the layout under a click.
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetRequestSchema }),
  });
  if (searchParams.get('sent')) {
    return (
      <section className="narrow">
        <h1>{t('reset.sentTitle')}</h1>
        <p role="status">{t('reset.sentBody')}</p>
        <p>
          <Link to="/login">{t('reset.backToSignIn')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t('reset.requestTitle')}</h1>
      <p>{t('reset.requestIntro')}</p>
      <Form method="post" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <Honeypot />
        <Field
          label={t('form.email')}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', autoFocus: true }}
          errors={fields.email.errors}
        />
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {t('reset.requestSubmit')}
        </button>
      </Form>
      <p>
        <Link to="/login">{t('reset.backToSignIn')}</Link>
      </p>
    </section>
  );
}
