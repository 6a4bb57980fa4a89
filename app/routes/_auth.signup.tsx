import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useHydrated } from '~/components/use-hydrated';
import { useNonce } from '~/components/nonce';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { DateField } from '~/components/date-field';
import { NewPasswordFields } from '~/components/new-password-fields';
import { filledHoneypot, Honeypot } from '~/components/honeypot';
import { getActor } from '~/lib/auth.server';
import { isNewCooperativeSearch, SignUpSchema, SignUpSearchSchema } from '~/domain/accounts/schemas';
import { findSignUpCooperative, requestSignUp, searchSignUpCooperatives, type SignUpCooperativeChoice } from '~/domain/accounts/sign-up.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitleAndDescription } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';

/**
 * Works whole without JavaScript and ships none of Remix's (a phone on mobile data; see
 * root.tsx): the search-as-you-type of a page loaded as a document is /signup-search.js,
 * ≈ 1 KB; reached by a client-side navigation, the React handlers below do it.
 */
export const handle = { hydrate: false };

export const meta = pageTitleAndDescription('accounts:pageTitles.signUp', 'accounts:metaDescriptions.signUp');

/** A rate-limited answer (429) carries Retry-After from the action. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

const POSITIONS = ['Kepala Bagian Pembiayaan', 'Ketua', 'Sekretaris', 'Bendahara', 'Manajer', 'Kasir', 'Account Officer', 'Pengawas'];

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  if (await getActor(request)) throw redirect('/');
  // The cooperative is found by typing part of its name or number: `?koperasi=` answers
  // a short list (the page without JavaScript, the search box's fetcher with it).
  const search = new URL(request.url).searchParams;
  const koperasi = (search.get('koperasi') ?? '').slice(0, 100);
  const [found, chosen] = await Promise.all([
    searchSignUpCooperatives(context.db, koperasi),
    findSignUpCooperative(context.db, search.get('cooperativeId') ?? ''),
  ]);
  return { koperasi, found, chosen };
});

const HIDDEN_FIELDS = ['password', 'passwordConfirm'];

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const formData = await request.formData();
  // A bot that filled the hidden field gets the same answer as a person, and nothing happens.
  if (filledHoneypot(formData)) return redirect('/signup?sent=1');
  if (isNewCooperativeSearch(formData)) {
    // Without JavaScript "Cari" posts the whole form: the page comes back with the
    // cooperatives found, the one chosen before still chosen, and what was typed.
    const koperasi = String(formData.get('koperasi') ?? '').slice(0, 100);
    const [found, chosen] = await Promise.all([
      searchSignUpCooperatives(context.db, koperasi),
      findSignUpCooperative(context.db, String(formData.get('cooperativeId') ?? '')),
    ]);
    return { search: { koperasi, found, chosen }, result: parseWithZod(formData, { schema: SignUpSearchSchema }).reply({ hideFields: HIDDEN_FIELDS }) };
  }
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  return submitForm(
    formData,
    SignUpSchema,
    async (value) => {
      await requestSignUp(context.db, { ...value, locale, ip: clientIp(request) });
      return redirect('/signup?sent=1');
    },
    { hideFields: HIDDEN_FIELDS },
  );
});

export default function SignUp() {
  const { t } = useTranslation('accounts');
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A search posted without JavaScript answers the list with the form as it was.
  const searched = actionData && 'search' in actionData ? actionData.search : null;
  const lastResult = actionData && 'search' in actionData ? actionData.result : actionData;
  const { koperasi, found, chosen } = searched ?? loaded;
  const hydrated = useHydrated();
  const nonce = useNonce();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SignUpSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignUpSchema }),
  });

  // With JavaScript the search box asks the same loader as the user types; without it,
  // the search form reloads the page with `?koperasi=`.
  const fetcher = useFetcher<typeof loader>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const load = (text: string) => fetcher.load(`/signup?${new URLSearchParams({ koperasi: text })}`);
  const onSearchInput = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => load(text), 250);
  };
  const searchNow = (text: string) => {
    clearTimeout(timer.current);
    load(text);
  };
  const search = fetcher.data ? { text: fetcher.data.koperasi, ...fetcher.data.found } : { text: koperasi, ...found };

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
        <DateField
          label={t('signUp.birthDate')}
          inputProps={{ ...getInputProps(fields.birthDate, { type: 'text' }), autoComplete: 'bday' }}
          errors={fields.birthDate.errors}
        />
        <div className="cooperative-search" role="search">
          <div className="field">
            <label htmlFor="koperasi">{t('signUp.cooperativeSearch')}</label>
            <p className="hint" id="koperasi-hint">
              {t('signUp.cooperativeSearchHint')}
            </p>
            <input
              id="koperasi"
              name="koperasi"
              type="search"
              defaultValue={koperasi}
              autoComplete="off"
              aria-describedby="koperasi-hint"
              aria-controls="cooperative-choices"
              onChange={(event) => onSearchInput(event.currentTarget.value)}
              onKeyDown={(event) => {
                // Enter in the search box searches; it never sends the sign-up.
                if (event.key !== 'Enter') return;
                event.preventDefault();
                searchNow(event.currentTarget.value);
              }}
            />
          </div>
          <input type="hidden" name="koperasiShown" value={search.text} />
          {/* Without JavaScript a submit button of the form (see SignUpSearchSchema); with it, a plain button: Enter elsewhere then signs up. */}
          <button
            type={hydrated ? 'button' : 'submit'}
            name="intent"
            value="search"
            formNoValidate
            className="button"
            onClick={(event) => {
              if (!hydrated) return;
              const input = event.currentTarget.form?.elements.namedItem('koperasi');
              searchNow(input instanceof HTMLInputElement ? input.value : '');
            }}
          >
            {t('signUp.cooperativeSearchSubmit')}
          </button>
        </div>
        {hydrated ? null : <script src="/signup-search.js" defer nonce={nonce} />}
        <CooperativeChoices
          name={fields.cooperativeId.name}
          errorId={fields.cooperativeId.errorId}
          errors={fields.cooperativeId.errors}
          initialValue={typeof fields.cooperativeId.initialValue === 'string' ? fields.cooperativeId.initialValue : (chosen?.id ?? '')}
          search={search}
          chosen={chosen}
        />
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

/**
 * The cooperatives found by the search, as radios (a keyboard moves between them with the
 * arrow keys; a screen reader hears the group's name and the count). The one already
 * chosen stays on top while the participant searches again.
 */
function CooperativeChoices({
  name,
  errorId,
  errors,
  initialValue,
  search,
  chosen: chosenAtLoad,
}: {
  name: string;
  errorId: string;
  errors?: string[];
  initialValue: string;
  search: { text: string; items: SignUpCooperativeChoice[]; more: number };
  chosen: SignUpCooperativeChoice | null;
}) {
  const { t } = useTranslation('accounts');
  const [chosen, setChosen] = useState<SignUpCooperativeChoice | null>(chosenAtLoad);
  const [value, setValue] = useState(initialValue);
  const listed = chosen && value === chosen.id && !search.items.some((c) => c.id === chosen.id) ? [chosen, ...search.items] : search.items;
  const status =
    search.text.trim().length < 2
      ? t('signUp.cooperativeSearchStart')
      : search.items.length === 0
        ? t('signUp.cooperativeNoneFound')
        : search.more > 0
          ? t('signUp.cooperativeMore', { count: search.items.length, more: search.more })
          : t('signUp.cooperativeFound', { count: search.items.length });
  return (
    <fieldset id="cooperative-choices" className="field" aria-describedby={errors?.length ? errorId : undefined}>
      <legend>{t('signUp.cooperative')}</legend>
      <p className="hint" role="status" aria-live="polite">
        {status}
      </p>
      {listed.length ? (
        <ul className="choice-list">
          {listed.map((c) => (
            <li key={c.id}>
              <label className="checkbox">
                <input
                  type="radio"
                  name={name}
                  value={c.id}
                  checked={value === c.id}
                  onChange={() => {
                    setValue(c.id);
                    setChosen(c);
                  }}
                />
                <span>
                  <strong>{c.name}</strong>
                  <br />
                  <span className="hint">
                    {c.number ? <code>{c.number}</code> : '—'} · {c.dinasName}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  );
}
