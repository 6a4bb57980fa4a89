import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { checkInResult, checkInWithCode, checkInWithToken, type CheckInOutcome } from '~/domain/attendance/check-in.server';
import { CheckInCodeSchema } from '~/domain/attendance/schemas';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';

/**
 * Self check-in. `/hadir?t=…` is where the projector's QR code leads: the signed-in
 * participant is marked present (or late) at once and sent on to `/hadir?sesi=…`, which
 * shows their mark (so a reload or a screenshot carries no token). `/hadir` alone offers
 * the form for the short code. Anyone not signed in signs in first and comes back here
 * with the token (it stays valid for up to a minute: sign in before scanning).
 */
export const meta = pageTitle('checkin:page.title');

/** Too many wrong codes answer 429 with Retry-After. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

function resultPath(outcome: CheckInOutcome): string {
  return `/hadir?${new URLSearchParams({ sesi: outcome.sessionId, ...(outcome.kind === 'already' ? { sudah: '1' } : {}) })}`;
}

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const search = new URL(request.url).searchParams;
  const token = search.get('t');
  if (token !== null) {
    const answer = await checkInWithToken(context.db, actor, token);
    if (answer.ok) throw redirect(resultPath(answer.outcome));
    return data({ refusal: answer.message, result: null, already: false }, { status: 409 });
  }
  const sessionId = search.get('sesi');
  if (sessionId !== null) {
    return { refusal: null, result: await checkInResult(context.db, actor, sessionId), already: search.get('sudah') === '1' };
  }
  return { refusal: null, result: null, already: false };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  return submitForm(await request.formData(), CheckInCodeSchema, async ({ code }) => {
    const outcome = await checkInWithCode(context.db, actor, code);
    return redirect(resultPath(outcome));
  });
});

export default function CheckIn() {
  const { refusal, result, already } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('checkin');
  const busy = useNavigation().state === 'submitting';
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(CheckInCodeSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckInCodeSchema }),
  });
  if (result) {
    const statusText = t(`page.status.${result.mark.status}`, { time: result.mark.time });
    return (
      <section className="narrow check-in-result" aria-labelledby="check-in-title">
        <h1 id="check-in-title">{already ? t('page.alreadyTitle') : t('page.doneTitle')}</h1>
        <p className="check-in-status" role="status">
          {already ? t('page.already', { status: statusText }) : statusText}
        </p>
        <dl className="facts">
          <dt>{t('page.session')}</dt>
          <dd>
            {result.session.title} ({result.session.day})
          </dd>
          <dt>{t('page.cohort')}</dt>
          <dd>{result.session.cohortName}</dd>
          <dt>{t('page.method')}</dt>
          <dd>{t(`page.methods.${result.mark.method}`)}</dd>
        </dl>
      </section>
    );
  }
  return (
    <section className="narrow" aria-labelledby="check-in-title">
      <h1 id="check-in-title">{t('page.title')}</h1>
      {refusal ? <ErrorList errors={[refusal]} /> : null}
      <p>{t('page.intro')}</p>
      <Form method="post" action="/hadir" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field
          label={t('page.codeLabel')}
          hint={t('page.codeHint')}
          inputProps={{
            ...getInputProps(fields.code, { type: 'text' }),
            autoComplete: 'off',
            autoCapitalize: 'characters',
            spellCheck: false,
            inputMode: 'text',
            className: 'check-in-code-input',
          }}
          errors={fields.code.errors}
        />
        <button type="submit" className="button primary" disabled={busy}>
          {t('page.submit')}
        </button>
      </Form>
    </section>
  );
}
