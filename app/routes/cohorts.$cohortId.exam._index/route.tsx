import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireExamCohort } from '~/domain/assessment/access.server';
import { examGrid, saveExamResults } from '~/domain/assessment/grid.server';
import { ResultGridSchema } from '~/domain/assessment/schemas';
import { requireActor } from '~/lib/auth.server';
import { formatDateTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { metaT, titled } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';
import { AssessorList } from './assessor-list';
import { ResultGrid } from './result-grid';

export const meta: MetaFunction<typeof loader> = (args) =>
  titled(args.data ? metaT(args)('assessment:grid.pageTitle', { name: args.data.grid.cohort.name }) : null);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const grid = await examGrid(context.db, actor, params.cohortId ?? '');
  return {
    grid,
    finalizedAt: grid.finalization ? formatDateTime(grid.finalization.finalizedAt, grid.cohort.timeZone, locale) : null,
  };
});

/** One submit saves the whole grid as a draft (or, once final, as a correction with its reason). */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireExamCohort(context.db, actor, params.cohortId ?? '', 'assessment:enter');
  const formData = await request.formData();
  return submitForm(formData, ResultGridSchema, async (value) => {
    const r = await saveExamResults(context.db, actor, { cohortId: cohort.id, ...value });
    const message = r.corrected ? 'assessment:grid.corrected' : 'assessment:grid.saved';
    return redirectWithToast(`/cohorts/${cohort.id}/exam`, { message, values: { count: r.saved || r.corrected, reissue: r.reissue } });
  });
});

export default function ExamGridPage() {
  const { grid, finalizedAt } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('assessment');
  const locked = !!grid.finalization && !grid.canFinalize;
  return (
    <section>
      <p>
        <Link to={`/cohorts/${grid.cohort.id}/manage`}>{grid.cohort.name}</Link>
      </p>
      <p className="eyebrow">
        <code>{grid.cohort.programCode}</code> · {grid.cohort.programTitle}
      </p>
      <h1>
        {t('grid.title')} — {grid.cohort.name}
      </h1>
      {grid.finalization ? (
        <p>
          <span className="badge badge-completed">{t('grid.final')}</span> {t('grid.finalizedBy', { name: grid.finalization.finalizedBy, at: finalizedAt })}
        </p>
      ) : (
        <p>
          <span className="badge badge-draft">{t('grid.draft')}</span> {t('grid.draftHint')}
        </p>
      )}
      {!grid.accepting ? (
        <p>{t('errors.notStarted')}</p>
      ) : (
        <>
          <ul className="plain-list">
            {locked ? null : (
              <li>
                <Link to={`/cohorts/${grid.cohort.id}/exam/upload`}>{t('upload.open')}</Link>
              </li>
            )}
            <li>
              <a href={`/cohorts/${grid.cohort.id}/exam/bnsp.xlsx`} download>
                {t('bnsp.download')}
              </a>{' '}
              <span className="hint">
                {t('bnsp.hint')}
                {grid.finalization ? null : ` ${t('bnsp.draftHint')}`}
              </span>
            </li>
          </ul>
          <AssessorList assessors={grid.assessors} />
          {grid.finalization && grid.canFinalize ? <p className="hint">{t('grid.correctionHint')}</p> : null}
          {locked ? <p className="hint">{t('grid.lockedHint')}</p> : null}
          <ResultGrid grid={grid} lastResult={lastResult && 'status' in lastResult ? lastResult : null} locked={locked} />
          {grid.canFinalize && !grid.finalization ? (
            <p>
              <Link className="button" to={`/cohorts/${grid.cohort.id}/exam/finalize`}>
                {t('finalize.open')}
              </Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
