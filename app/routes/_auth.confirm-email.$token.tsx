import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { startSession } from '~/lib/auth.server';
import { confirmSignUp, findSignUpConfirmation } from '~/domain/accounts/sign-up.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { db } from '~/lib/db.server';
import { ConflictError, NotFoundError } from '~/lib/errors';
import { createToastHeaders } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Konfirmasi e-mail · Kompeten' }];

/**
 * The link in the sign-up e-mail. Opening it only shows a button: mail scanners that
 * fetch links must not use up the single-use token; pressing the button confirms.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const confirmation = await findSignUpConfirmation(db(), params.token ?? '');
  if (!confirmation) return data({ confirmation: null }, { status: 410 });
  return { confirmation };
}

export async function action({ request, params }: ActionFunctionArgs) {
  try {
    const result = await confirmSignUp(db(), { token: params.token ?? '', ip: clientIp(request) });
    const toast =
      result.personStatus === 'pending'
        ? { message: 'accounts:confirm.donePending' }
        : { message: 'accounts:confirm.done', values: { name: result.displayName } };
    return startSession(request, result.userId, '/account', await createToastHeaders(toast));
  } catch (error) {
    if (error instanceof NotFoundError) return data({ formErrors: ['accounts:confirm.invalid'] }, { status: 410 });
    if (error instanceof ConflictError) return data({ formErrors: [error.message] }, { status: 409 });
    throw error;
  }
}

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
