import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { NewPasswordFields } from '~/components/new-password-fields';
import { filledHoneypot, Honeypot } from '~/components/honeypot';
import { SelectField } from '~/components/select-field';
import { getActor } from '~/lib/auth.server';
import { SignUpSchema } from '~/domain/accounts/schemas';
import { listSignUpCooperatives, requestSignUp } from '~/domain/accounts/sign-up.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('accounts:pageTitles.signUp');

/** A rate-limited answer (429) carries Retry-After from the action. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

const POSITIONS = ['Kepala Bagian Pembiayaan', 'Ketua', 'Sekretaris', 'Bendahara', 'Manajer', 'Kasir', 'Account Officer', 'Pengawas'];

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  if (await getActor(request)) throw redirect('/');
  return { cooperativeGroups: await listSignUpCooperatives(context.db) };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const formData = await request.formData();
  // A bot that filled the hidden field gets the same answer as a person, and nothing happens.
  if (filledHoneypot(formData)) return redirect('/signup?sent=1');
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  return submitForm(
    formData,
    SignUpSchema,
    async (value) => {
      await requestSignUp(context.db, { ...value, locale, ip: clientIp(request) });
      return redirect('/signup?sent=1');
    },
    { hideFields: ['password', 'passwordConfirm'] },
  );
});

export default function SignUp() {
  const { t } = useTranslation('accounts');
  const { cooperativeGroups } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SignUpSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignUpSchema }),
  });

  if (searchParams.get('sent')) {
    return (
      <section className="narrow">
        <h1>{t('signUp.sentTitle')}</h1>
        <p role="status">{t('signUp.sentBody')}</p>
        <p>
          <Link to="/login">{t('signUp.haveAccount')}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="narrow">
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.intro')}</p>
      <Form method="post" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <Honeypot />
        <Field
          label={t('signUp.fullName')}
          inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), autoComplete: 'name' }}
          errors={fields.fullName.errors}
        />
        <Field
          label={t('signUp.nik')}
          hint={t('signUp.nikHint')}
          inputProps={{ ...getInputProps(fields.nik, { type: 'text' }), inputMode: 'numeric', pattern: '[0-9]{16}', maxLength: 16, autoComplete: 'off' }}
          errors={fields.nik.errors}
        />
        <Field
          label={t('signUp.birthDate')}
          inputProps={{ ...getInputProps(fields.birthDate, { type: 'date' }), autoComplete: 'bday' }}
          errors={fields.birthDate.errors}
        />
        <SelectField label={t('signUp.cooperative')} selectProps={getSelectProps(fields.cooperativeId)} errors={fields.cooperativeId.errors}>
          <option value="">{t('signUp.cooperativeChoose')}</option>
          {cooperativeGroups.map((group) => (
            <optgroup key={group.dinasName} label={group.dinasName}>
              {group.cooperatives.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <Field
          label={t('signUp.position')}
          hint={t('signUp.positionHint')}
          inputProps={{ ...getInputProps(fields.position, { type: 'text' }), list: 'positions', autoComplete: 'organization-title' }}
          errors={fields.position.errors}
        />
        <datalist id="positions">
          {POSITIONS.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <Field
          label={t('form.email')}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
          errors={fields.email.errors}
        />
        <NewPasswordFields password={fields.password} passwordConfirm={fields.passwordConfirm} />
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {t('signUp.submit')}
        </button>
      </Form>
      <p>
        <Link to="/login">{t('signUp.haveAccount')}</Link>
      </p>
    </section>
  );
}
