import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { cancelImportBatch, getImportBatch, requireOwnBatch } from '~/domain/cooperatives/import/batches.server';
import { commitProgress, startImportCommit } from '~/domain/cooperatives/import/commit.server';
import { parseListParams } from '~/lib/list-params';
import { metaT, titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitIntent } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';
import { REFRESH_SECONDS, useRefreshWhileCommitting } from './refresh-while-committing';
import { ColumnMapping } from './mapping';
import { fieldLabel, Summary } from './summary';

export const meta: MetaFunction<typeof loader> = (args) => titled(metaT(args)('cooperatives:import.batchPageTitle'));

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const list = parseListParams(new URL(request.url).searchParams, { sortKeys: ['row'] as const, defaultSort: 'row', pageSize: 50 });
  const batch = await getImportBatch(context.db, actor, { batchId: params.batchId ?? '', page: list.page, pageSize: list.pageSize });
  return { batch, progress: batch.status === 'committing' ? commitProgress(batch.id) : null };
});

/** Small files finish within this wait and go straight to the result; large ones show the progress page. */
const WAIT_FOR_COMMIT_MS = 1500;

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  // The actor's own batch: anyone else's is not found, whatever the body.
  const batch = await requireOwnBatch(context.db, actor, params.batchId ?? '');
  const here = `/cooperatives/import/${batch.id}`;
  const intent = (await request.formData()).get('intent');
  return submitIntent(here, async () => {
    if (intent === 'cancel') {
      await cancelImportBatch(context.db, actor, batch.id);
      return redirectWithToast(here, { kind: 'info', message: 'cooperatives:toast.importCancelled' });
    }
    const { done } = await startImportCommit(context.db, actor, batch.id);
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, WAIT_FOR_COMMIT_MS))]);
    return redirect(here, 303);
  });
});

export default function ImportBatchPage() {
  const { batch, progress } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cooperatives');
  const navigation = useNavigation();
  useRefreshWhileCommitting(batch.status === 'committing' && !batch.interrupted);
  // Busy from the click until the page it leads to has loaded (a redirect's load too), so a
  // second confirmation or a cancel never races the first.
  const busy = navigation.state !== 'idle' && navigation.formMethod !== undefined;
  const back = batch.cooperativeId ? `/cooperatives/${batch.cooperativeId}/roster` : '/cooperatives';
  const again = batch.cooperativeId ? `/cooperatives/import?kind=roster&cooperative=${batch.cooperativeId}` : `/cooperatives/import?kind=${batch.kind}`;
  const backLabel = batch.cooperativeId ? t('import.backToRoster') : t('import.backToRegistry');
  const toWrite = batch.summary.created + batch.summary.updated;

  if (batch.interrupted) {
    // The worker saving it is gone (no heartbeat): its one transaction rolled back.
    return (
      <section>
        <h1>{t('import.interruptedTitle')}</h1>
        <p role="alert" className="rat-flag">
          {t('import.interrupted')}
        </p>
        <Summary batch={batch} />
        {batch.expired ? (
          <>
            <p className="rat-flag">{t('import.expired')}</p>
            <p className="actions-row">
              <Link to={again} className="button">
                {t('import.uploadAnother')}
              </Link>
            </p>
          </>
        ) : (
          <div className="actions-row">
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <button type="submit" className="button" disabled={busy}>
                {t('import.retry')}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="button secondary" disabled={busy}>
                {t('import.cancel')}
              </button>
            </Form>
          </div>
        )}
      </section>
    );
  }

  if (batch.status === 'committing') {
    return (
      <section aria-live="polite">
        <noscript>
          <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
        </noscript>
        <h1>{t('import.committingTitle')}</h1>
        <p>{t('import.committing', { count: batch.rowCount })}</p>
        {progress ? (
          <>
            <progress value={progress.processed} max={progress.total} aria-label={t('import.committingTitle')} />
            <p>{t('import.progress', { processed: progress.processed, total: progress.total })}</p>
          </>
        ) : (
          <progress aria-label={t('import.committingTitle')} />
        )}
        <p>
          <Link to=".">{t('import.refresh')}</Link>
        </p>
      </section>
    );
  }

  if (batch.status !== 'preview') {
    const title =
      batch.status === 'committed' ? t('import.committedTitle') : batch.status === 'failed' ? t('import.failedTitle') : t('import.cancelledTitle');
    return (
      <section>
        <h1>{title}</h1>
        {batch.status === 'committed' ? <p role="status">{t('import.committed', { file: batch.fileName })}</p> : null}
        {batch.status === 'failed' ? (
          <p role="alert" className="rat-flag">
            {t('import.failed')} {batch.failure ? t(batch.failure) : null}
          </p>
        ) : null}
        {batch.status === 'cancelled' ? <p>{t('import.cancelled')}</p> : null}
        <Summary batch={batch} />
        <p className="actions-row">
          <Link to={back} className="button">
            {backLabel}
          </Link>
          <Link to={again} className="button secondary">
            {t('import.uploadAnother')}
          </Link>
        </p>
      </section>
    );
  }

  return (
    <section>
      <h1>{t('import.previewTitle', { file: batch.fileName })}</h1>
      <Summary batch={batch} />
      <ColumnMapping mapping={batch.mapping} />
      {batch.expired ? <p className="rat-flag">{t('import.expired')}</p> : null}
      {batch.summary.errors > 0 ? (
        <>
          <p role="alert" className="import-has-errors">
            {t('import.hasErrors')}
          </p>
          <div className="table-wrap">
            <table className="import-issues stack-table">
              <thead>
                <tr>
                  <th scope="col">{t('import.issueRow')}</th>
                  <th scope="col">{t('import.issueColumn')}</th>
                  <th scope="col">{t('import.issueMessage')}</th>
                  <th scope="col">{t('import.issueValue')}</th>
                </tr>
              </thead>
              <tbody>
                {batch.issues.items.map((issue, index) => (
                  <tr key={`${issue.row}-${issue.column}-${index}`}>
                    <td className="stack-title" data-label={t('import.issueRow')}>
                      {issue.row}
                    </td>
                    <td data-label={t('import.issueColumn')}>
                      <code>{issue.column}</code>
                    </td>
                    <td data-label={t('import.issueMessage')}>{t(issue.message, issue.values)}</td>
                    <td className="cell-value" data-label={t('import.issueValue')}>
                      {issue.value ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={batch.issues.page} pages={batch.issues.pages} total={batch.issues.total} />
          <p className="actions-row">
            <Link to={again} className="button">
              {t('import.uploadAnother')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p role="status">{toWrite > 0 ? t('import.ready') : t('import.nothingToDo')}</p>
          {!batch.expired ? (
            <div className="actions-row">
              {toWrite > 0 ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="confirm" />
                  <button type="submit" className="button" disabled={busy}>
                    {t('import.confirm', { count: batch.rowCount })}
                  </button>
                </Form>
              ) : null}
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <button type="submit" className="button secondary" disabled={busy}>
                  {t('import.cancel')}
                </button>
              </Form>
            </div>
          ) : null}
          {busy ? (
            <p role="status">
              <progress aria-label={t('import.committingTitle')} /> {t('import.committing', { count: batch.rowCount })}
            </p>
          ) : null}
          <div className="table-wrap">
            <table className="import-rows stack-table">
              <thead>
                <tr>
                  <th scope="col">{t('import.changeRow')}</th>
                  <th scope="col">{t('import.changeWhat')}</th>
                  <th scope="col">{t('import.changeAction')}</th>
                </tr>
              </thead>
              <tbody>
                {batch.rows.items.map((r) => (
                  <tr key={r.row}>
                    <td data-label={t('import.changeRow')}>{r.row}</td>
                    <td className="stack-title">
                      {r.label} <span className="muted">{r.detail}</span>
                    </td>
                    <td>
                      <span className={`badge badge-import-${r.action}`}>{t(`import.action.${r.action}`)}</span>
                      {r.changed.length ? (
                        <span className="muted"> {t('import.changedFields', { fields: r.changed.map((f) => fieldLabel(t, batch.kind, f)).join(', ') })}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={batch.rows.page} pages={batch.rows.pages} total={batch.rows.total} />
        </>
      )}
    </section>
  );
}
