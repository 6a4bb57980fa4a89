import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type HeadersFunction } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { filledHoneypot, Honeypot } from '~/components/honeypot';
import { requestPasswordReset } from '~/domain/accounts/password-reset.server';
import { ResetRequestSchema } from '~/domain/accounts/schemas';
import { clientIp } from '~/lib/auth-cookie.server';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('accounts:pageTitles.forgotPassword');

/** A rate-limited answer (429) carries Retry-After from the action. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const formData = await request.formData();
  if (filledHoneypot(formData)) return redirect('/forgot-password?sent=1');
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  return submitForm(formData, ResetRequestSchema, async (value) => {
    await requestPasswordReset(context.db, { email: value.email, ip: clientIp(request), locale });
    // The same answer whether or not the address has an account.
    return redirect('/forgot-password?sent=1');
  });
});

export default function ForgotPassword() {
  const { t } = useTranslation('accounts');
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(ResetRequestSchema),
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
