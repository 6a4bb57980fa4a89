import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { startSession } from '~/lib/auth.server';
import { confirmSignUp, findSignUpConfirmation } from '~/domain/accounts/sign-up.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { pageTitle } from '~/lib/meta';
import { submitButton } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { createToastHeaders } from '~/lib/toast.server';

export const meta = pageTitle('accounts:pageTitles.confirmEmail');

/**
 * The link in the sign-up e-mail. Opening it only shows a button: mail scanners that
 * fetch links must not use up the single-use token; pressing the button confirms.
 */
export const loader = withDomainErrors(async ({ params, context }: LoaderFunctionArgs) => {
  const confirmation = await findSignUpConfirmation(context.db, params.token ?? '');
  if (!confirmation) return data({ confirmation: null }, { status: 410 });
  return { confirmation };
});

/** A used or expired link answers 410, an address that has an account meanwhile 409. */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  return submitButton(async () => {
    const result = await confirmSignUp(context.db, { token: params.token ?? '', ip: clientIp(request) });
    const toast =
      result.personStatus === 'pending'
        ? { message: 'accounts:confirm.donePending' }
        : { message: 'accounts:confirm.done', values: { name: result.displayName } };
    return startSession(request, result.userId, '/account', await createToastHeaders(toast));
  });
});

export default function ConfirmEmail() {
  const { t } = useTranslation('accounts');
  const { confirmation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  if (!confirmation) {
    return (
      <section className="narrow">
        <h1>{t('confirm.invalidTitle')}</h1>
        <p>{t('confirm.invalid')}</p>
        <p>
          <Link to="/signup">{t('signIn.signUp')}</Link> · <Link to="/login">{t('signIn.submit')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t('confirm.title')}</h1>
      <p>{t('confirm.intro', { email: confirmation.email, name: confirmation.fullName })}</p>
      <ErrorList errors={result?.formErrors} />
      <Form method="post">
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {t('confirm.submit')}
        </button>
      </Form>
    </section>
  );
}
