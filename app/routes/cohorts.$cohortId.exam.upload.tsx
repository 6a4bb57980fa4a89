import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { confirmExamUpload, examUploadPage, MAX_EXAM_UPLOAD_BYTES, previewExamUpload, type ExamUploadPreview, type UploadIssue } from '~/domain/assessment/upload.server';
import { requireActor } from '~/lib/auth.server';
import { isLocale } from '~/lib/i18n';
import { i18nServer } from '~/lib/i18n.server';
import { messageParts, withValues } from '~/lib/messages';
import { metaT, titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';
import { readUploadForm } from '~/lib/upload.server';

export const meta: MetaFunction<typeof loader> = (args) => titled(args.data ? metaT(args)('assessment:upload.pageTitle', { name: args.data.cohort.name }) : null);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  return examUploadPage(context.db, actor, params.cohortId ?? '');
});



/**
 * A file posted (multipart) is read and checked: the preview. The preview's confirm posts
 * the checked rows back (no file, no state on the server) and saves them through the grid's operation.
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const page = await examUploadPage(context.db, actor, params.cohortId ?? '');
  const cohortId = page.cohort.id;
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    const formData = await readUploadForm(request, MAX_EXAM_UPLOAD_BYTES);
    if (!formData) return { problem: withValues('cooperatives:import.file.tooLarge', { maxMb: page.maxMb }) };
    const file = formData.get('file');
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) return { problem: 'cooperatives:import.file.missing' };
    const requested = await i18nServer.getLocale(request);
    const reason = formData.get('correctionReason');
    return previewExamUpload(context.db, actor, {
      cohortId,
      fileName: file.name,
      data: new Uint8Array(await file.arrayBuffer()),
      correctionReason: typeof reason === 'string' ? reason : undefined,
      locale: isLocale(requested) ? requested : 'id',
    });
  }
  const formData = await request.formData();
  const payload = formData.get('payload');
  if (typeof payload !== 'string' || !payload) return { problem: 'cooperatives:import.file.missing' };
  const result = await confirmExamUpload(context.db, actor, { cohortId, payload });
  if ('issues' in result) return { issues: result.issues };
  if (!result.saved && !result.corrected) return redirect(`/cohorts/${cohortId}/exam`);
  const message = result.corrected ? 'assessment:grid.corrected' : 'assessment:upload.saved';
  return redirectWithToast(`/cohorts/${cohortId}/exam`, { message, values: { count: result.saved || result.corrected, reissue: result.reissue } });
});

function IssueTable({ issues, caption }: { issues: UploadIssue[]; caption: string }) {
  const { t } = useTranslation('assessment');
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('upload.row')}</th>
            <th scope="col">{t('upload.columnHeading')}</th>
            <th scope="col">{t('upload.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, i) => {
            const [key, values] = messageParts(issue.message);
            return (
              <tr key={i}>
                <td>{issue.row ?? '–'}</td>
                <td>{issue.column ?? '–'}</td>
                <td>{t(key, values)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Preview({ preview }: { preview: ExamUploadPreview }) {
  const { t } = useTranslation('assessment');
  const navigation = useNavigation();
  return (
    <section aria-labelledby="upload-preview" className="import-preview">
      <h2 id="upload-preview">{t('upload.previewTitle', { file: preview.fileName })}</h2>
      <p role="status">{t('upload.counts', { changes: preview.changes.length, unchanged: preview.unchanged, skipped: preview.skipped })}</p>
      {preview.issues.length ? (
        <>
          <p className="field-errors" role="alert">
            {t('upload.hasIssues', { count: preview.issues.length })}
          </p>
          <IssueTable issues={preview.issues} caption={t('upload.issuesCaption')} />
        </>
      ) : null}
      {preview.changes.length ? (
        <div className="table-wrap" role="region" aria-label={t('upload.changesCaption')} tabIndex={0}>
          <table>
            <caption>{t('upload.changesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('upload.row')}</th>
                <th scope="col">{t('grid.participant')}</th>
                <th scope="col">{t('grid.recommendation')}</th>
                <th scope="col">{t('upload.change')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr key={c.row}>
                  <td>{c.row}</td>
                  <td>{c.name}</td>
                  <td>{c.outcome === 'incomplete' ? t('grid.notYet') : t(`outcome.${c.outcome}`)}</td>
                  <td>{c.isNew ? t('upload.new') : t('upload.changed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.payload ? (
        <Form method="post">
          <input type="hidden" name="payload" value={preview.payload} />
          <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
            {t('upload.confirm', { count: preview.changes.length })}
          </button>
        </Form>
      ) : (
        <p>{preview.issues.length ? t('upload.fixAndRetry') : t('upload.nothingToSave')}</p>
      )}
    </section>
  );
}

export default function ExamUploadPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('assessment');
  const problem = actionData && 'problem' in actionData ? actionData.problem : null;
  const base = `/cohorts/${page.cohort.id}/exam`;
  return (
    <section>
      <p>
        <Link to={base}>{t('grid.title')}</Link>
      </p>
      <h1>{t('upload.title', { name: page.cohort.name })}</h1>
      {!page.accepting ? (
        <p>{t('errors.notStarted')}</p>
      ) : page.locked ? (
        <p>{t('grid.lockedHint')}</p>
      ) : (
        <>
          <ol>
            <li>
              {t('upload.step1')}{' '}
              <a href={`${base}/template?format=xlsx`} download>
                {t('upload.templateXlsx')}
              </a>{' '}
              ·{' '}
              <a href={`${base}/template?format=csv`} download>
                {t('upload.templateCsv')}
              </a>
            </li>
            <li>{t('upload.step2')}</li>
            <li>{t('upload.step3')}</li>
          </ol>
          <Form method="post" encType="multipart/form-data" className="form-narrow import-form">
            <div className="field">
              <label htmlFor="exam-file">{t('upload.fileLabel')}</label>
              <p id="exam-file-hint" className="hint">
                {t('upload.fileHint', { maxMb: page.maxMb, maxRows: page.maxRows.toLocaleString('id-ID') })}
              </p>
              <input
                id="exam-file"
                name="file"
                type="file"
                required
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-invalid={problem ? true : undefined}
                aria-describedby={['exam-file-hint', problem ? 'exam-file-error' : null].filter(Boolean).join(' ')}
              />
              <ErrorList id="exam-file-error" errors={problem ? [problem] : null} />
            </div>
            {page.finalized ? (
              <div className="field">
                <label htmlFor="exam-upload-reason">{t('grid.correctionReason')}</label>
                <p id="exam-upload-reason-hint" className="hint">
                  {t('grid.correctionHint')}
                </p>
                <input type="text" id="exam-upload-reason" name="correctionReason" maxLength={500} aria-describedby="exam-upload-reason-hint" />
              </div>
            ) : null}
            <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
              {t('upload.check')}
            </button>
          </Form>
          {actionData && 'preview' in actionData ? <Preview preview={actionData.preview} /> : null}
          {actionData && 'issues' in actionData ? (
            <section aria-labelledby="upload-refused">
              <h2 id="upload-refused">{t('upload.refusedTitle')}</h2>
              <IssueTable issues={actionData.issues} caption={t('upload.issuesCaption')} />
              <p>{t('upload.fixAndRetry')}</p>
            </section>
          ) : null}
        </>
      )}
    </section>
  );
}
