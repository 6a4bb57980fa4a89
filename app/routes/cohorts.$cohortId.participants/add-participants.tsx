import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentStatus } from '~db/schema';

interface Candidate {
  personId: string;
  name: string;
  nik: string;
  cooperativeName: string;
  position: string;
  eligible: boolean;
  enrollmentStatus: EnrollmentStatus | null;
}

/** The coordinator searches the Dinas's rosters and adds the people they pick, whatever the window and targets. */
export function AddParticipants({
  cohortId,
  status,
  q,
  found,
}: {
  cohortId: string;
  status: string;
  q: string;
  /** The first people matching the search, and how many more match (then the search must be narrowed). */
  found: { people: readonly Candidate[]; more: number } | null;
}) {
  const { t } = useTranslation('cohorts');
  const busy = useNavigation().state === 'submitting';
  return (
    <section aria-labelledby="add-title">
      <h2 id="add-title">{t('participants.add')}</h2>
      <p className="hint">{t('participants.addHint')}</p>
      <Form method="get" className="toolbar" role="search">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        <div className="field">
          <label htmlFor="people-q">{t('participants.search')}</label>
          <input id="people-q" type="search" name="q" defaultValue={q} minLength={2} />
        </div>
        <button type="submit" className="button secondary">
          {t('participants.searchSubmit')}
        </button>
      </Form>
      {found && found.people.length === 0 ? <p>{t('participants.noResults')}</p> : null}
      {found && found.people.length > 0 ? (
        <Form method="post" action={`/cohorts/${cohortId}/participants`}>
          <ul className="choice-list">
            {found.people.map((person) => (
              <li key={person.personId}>
                <label className="checkbox">
                  <input type="checkbox" name="person" value={person.personId} disabled={!!person.enrollmentStatus && ['pending', 'confirmed', 'waitlisted'].includes(person.enrollmentStatus)} />
                  <span>
                    <strong>{person.name}</strong> <code>{person.nik}</code>
                    <br />
                    {person.cooperativeName} · {person.position} · {person.eligible ? t('participants.eligible') : t('participants.notEligible')}
                    {person.enrollmentStatus ? <> · {t('participants.already', { status: t(`enrollmentStatus.${person.enrollmentStatus}`) })}</> : null}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {found.more > 0 ? (
            <p className="hint" role="status">
              {t('participants.moreResults', { count: found.more })}
            </p>
          ) : null}
          <button type="submit" name="intent" value="add" className="button primary" disabled={busy}>
            {t('participants.addSelected')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
