import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { getActor, safeRedirect, startSession } from '~/lib/auth.server';
import { SignInSchema } from '~/domain/accounts/schemas';
import { verifyCredentials } from '~/domain/accounts/sign-in.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { pageTitleAndDescription } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { createToastHeaders } from '~/lib/toast.server';

/** Works whole without JavaScript and ships none (a phone on mobile data; see root.tsx). */
export const handle = { hydrate: false };

export const meta = pageTitleAndDescription('accounts:pageTitles.signIn', 'accounts:metaDescriptions.signIn');

/** A rate-limited answer (429) carries Retry-After from the action. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) return redirect('/');
  return null;
}

/** Wrong credentials answer 400 with the form's message; too many attempts 429 with Retry-After. */
export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  return submitForm(
    await request.formData(),
    SignInSchema,
    async (value) => {
      const user = await verifyCredentials(context.db, { ...value, ip: clientIp(request) });
      return startSession(
        request,
        user.userId,
        safeRedirect(value.redirectTo),
        await createToastHeaders({ message: 'accounts:welcome', values: { name: user.displayName } }),
      );
    },
    { hideFields: ['password'] },
  );
});

export default function SignIn() {
  const { t } = useTranslation('accounts');
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SignInSchema),
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
