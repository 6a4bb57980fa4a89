import { Form, Link, useLocation, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { CohortStatus, EnrollmentStatus } from '~db/schema';

interface Registration {
  enrollment: { id: string; status: EnrollmentStatus; waitlistPosition: number | null } | null;
  canRegister: boolean;
  needsApproval: boolean;
  problem: string | null;
  canWithdraw: boolean;
}

const ACTIVE: EnrollmentStatus[] = ['pending', 'confirmed', 'waitlisted'];

/**
 * The participant's part of a cohort page: register in one step, see where they stand,
 * withdraw (through a confirmation page: one tap must not lose a seat).
 */
export function RegistrationPanel({
  cohortId,
  status,
  signedIn,
  registration,
  seatsLeft,
}: {
  cohortId: string;
  status: CohortStatus;
  signedIn: boolean;
  registration: Registration | null;
  /** Seats still free: at 0 a registration joins the waitlist, and the button says so. */
  seatsLeft: number;
}) {
  const { t } = useTranslation('cohorts');
  const location = useLocation();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const here = `${location.pathname}${location.search}`;
  if (!signedIn) {
    if (status !== 'open') return null;
    return (
      <section className="registration card" aria-labelledby="registration-title">
        <h2 id="registration-title">{t('registration.title')}</h2>
        <p>
          <Link to={`/login?${new URLSearchParams({ redirectTo: here })}`} className="button primary">
            {t('registration.signIn')}
          </Link>
        </p>
      </section>
    );
  }
  if (!registration) return null;
  const active = registration.enrollment && ACTIVE.includes(registration.enrollment.status);
  const full = seatsLeft <= 0;
  return (
    <section className="registration card" aria-labelledby="registration-title">
      <h2 id="registration-title">{t('registration.title')}</h2>
      {registration.enrollment ? (
        <p>
          <strong>{t('registration.youAre', { status: t(`enrollmentStatus.${registration.enrollment.status}`) })}</strong>
          {registration.enrollment.waitlistPosition ? (
            <>
              <br />
              {t('registration.waitlistPosition', { position: registration.enrollment.waitlistPosition })}
            </>
          ) : null}
        </p>
      ) : null}
      {active && registration.canWithdraw ? (
        <Form method="get" action={`/cohorts/${cohortId}/register`}>
          <input type="hidden" name="confirm" value="withdraw" />
          <input type="hidden" name="redirectTo" value={here} />
          {registration.enrollment?.status === 'confirmed' ? <p className="hint">{t('registration.withdrawHint')}</p> : null}
          <button type="submit" className="button secondary" disabled={busy}>
            {t('registration.withdraw')}
          </button>
        </Form>
      ) : null}
      {registration.canRegister ? (
        <Form method="post" action={`/cohorts/${cohortId}/register`}>
          <input type="hidden" name="intent" value="register" />
          <input type="hidden" name="redirectTo" value={here} />
          {registration.needsApproval ? <p className="hint">{t('registration.requestHint')}</p> : null}
          {!registration.needsApproval && full ? <p className="hint">{t('registration.joinWaitlistHint')}</p> : null}
          <button type="submit" className="button primary" disabled={busy}>
            {registration.needsApproval ? t('registration.request') : full ? t('registration.joinWaitlist') : t('registration.register')}
          </button>
        </Form>
      ) : null}
      {!active && registration.problem ? <p>{t(registration.problem)}</p> : null}
    </section>
  );
}
