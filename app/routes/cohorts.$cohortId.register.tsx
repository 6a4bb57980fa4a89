import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireActor, safeRedirect } from '~/lib/auth.server';
import { withdrawConfirmationPage } from '~/domain/enrollment/cohort-pages.server';
import { cancelEnrollment } from '~/domain/enrollment/decisions.server';
import { registerSelf } from '~/domain/enrollment/register.server';
import { formatDateRange } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { submitIntent } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = pageTitle('cohorts:registration.confirmWithdrawTitle');

function confirmPath(cohortId: string, back: string) {
  return `/cohorts/${cohortId}/register?${new URLSearchParams({ confirm: 'withdraw', redirectTo: back })}`;
}

/**
 * A participant registers themself for a cohort in one step, or withdraws after a
 * confirmation step (one tap must not lose a seat: "withdraw" only leads to the page that
 * names them and the cohort; "confirm-withdraw" withdraws). Always for the signed-in
 * person: no field of the form can name anyone else.
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohortId = params.cohortId ?? '';
  const formData = await request.formData();
  const back = safeRedirect(formData.get('redirectTo'), `/cohorts/${cohortId}`);
  const intent = formData.get('intent');
  if (intent === 'withdraw') return redirect(confirmPath(cohortId, back));
  return submitIntent(back, async () => {
    if (intent === 'confirm-withdraw') {
      await cancelEnrollment(context.db, actor, { cohortId, personId: actor.personId });
      return redirectWithToast(back, { message: 'cohorts:registration.withdrawn' });
    }
    const placement = await registerSelf(context.db, actor, { cohortId, personId: actor.personId });
    return redirectWithToast(back, {
      kind: placement.status === 'confirmed' ? 'success' : 'info',
      message: `cohorts:registration.done.${placement.status}`,
    });
  });
});

/** `?confirm=withdraw`: the confirmation page; anything else goes back to the cohort page. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const cohortId = params.cohortId ?? '';
  const search = new URL(request.url).searchParams;
  const back = safeRedirect(search.get('redirectTo'), `/cohorts/${cohortId}`);
  if (search.get('confirm') !== 'withdraw') throw redirect(`/cohorts/${cohortId}`);
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const { cohort, registration, personName } = await withdrawConfirmationPage(context.db, actor, cohortId);
  return {
    back,
    personName,
    status: registration.enrollment!.status,
    cohort: { id: cohort.id, name: cohort.name, programTitle: cohort.programTitle, dates: formatDateRange(cohort.startsOn, cohort.endsOn, locale) },
  };
});

export default function ConfirmWithdraw() {
  const { back, personName, status, cohort } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cohorts');
  const busy = useNavigation().state === 'submitting';
  return (
    <section aria-labelledby="withdraw-title">
      <h1 id="withdraw-title">{t('registration.confirmWithdrawTitle')}</h1>
      <p>{t('registration.confirmWithdrawIntro', { name: personName, program: cohort.programTitle, cohort: cohort.name })}</p>
      <dl className="facts">
        <dt>{t('common:cohort.dates')}</dt>
        <dd>{cohort.dates}</dd>
        <dt>{t('participants.status')}</dt>
        <dd>{t(`enrollmentStatus.${status}`)}</dd>
      </dl>
      {status === 'confirmed' || status === 'waitlisted' ? <p className="hint">{t('registration.confirmWithdrawSeat')}</p> : null}
      <Form method="post" action={`/cohorts/${cohort.id}/register`} className="actions">
        <input type="hidden" name="intent" value="confirm-withdraw" />
        <input type="hidden" name="redirectTo" value={back} />
        <button type="submit" className="button danger" disabled={busy}>
          {t('registration.confirmWithdraw')}
        </button>
        <Link to={back} className="button secondary">
          {t('registration.keep')}
        </Link>
      </Form>
    </section>
  );
}
