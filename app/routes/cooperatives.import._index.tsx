import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireActor } from '~/lib/auth.server';
import { importScope, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, uploadImportBatch } from '~/domain/cooperatives/import/batches.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { readUploadForm } from '~/lib/upload.server';

export const meta = pageTitle('cooperatives:import.pageTitle');

function targetOf(kind: unknown, cooperative: unknown) {
  const cooperativeId = typeof cooperative === 'string' && cooperative ? cooperative : null;
  return { kind: kind === 'roster' || cooperativeId ? ('roster' as const) : ('registry' as const), cooperativeId };
}

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const target = targetOf(url.searchParams.get('kind'), url.searchParams.get('cooperative'));
  const scope = await importScope(context.db, actor, target);
  return {
    kind: target.kind,
    cooperativeId: scope.cooperativeId,
    cooperativeName: scope.cooperativeName,
    maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
    maxRows: MAX_IMPORT_ROWS,
  };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const formData = await readUploadForm(request, MAX_IMPORT_BYTES);
  if (!formData) return { problem: { message: 'cooperatives:import.file.tooLarge', values: { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 } } };
  const target = targetOf(formData.get('kind'), formData.get('cooperativeId'));
  const file = formData.get('file');
  if (!(file instanceof File) || (file.size === 0 && file.name === '')) return { problem: { message: 'cooperatives:import.file.missing' } };
  const upload = await uploadImportBatch(context.db, actor, { ...target, fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) });
  if (upload.problem) return { problem: upload.problem };
  return redirect(`/cooperatives/import/${upload.batchId}`);
});

export default function ImportUpload() {
  const { kind, cooperativeId, cooperativeName, maxMb, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('cooperatives');
  const busy = navigation.state === 'submitting';
  const problemId = actionData?.problem ? 'import-file-error' : undefined;
  return (
    <section>
      <h1>{cooperativeName ? t('import.rosterTitle', { name: cooperativeName }) : t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <Form method="post" encType="multipart/form-data" className="form-narrow import-form">
        {cooperativeId ? (
          <>
            <input type="hidden" name="kind" value="roster" />
            <input type="hidden" name="cooperativeId" value={cooperativeId} />
          </>
        ) : (
          <fieldset>
            <legend>{t('import.kind')}</legend>
            <label className="checkbox-label">
              <input type="radio" name="kind" value="registry" defaultChecked={kind === 'registry'} /> {t('import.kindRegistry')}
            </label>
            <label className="checkbox-label">
              <input type="radio" name="kind" value="roster" defaultChecked={kind === 'roster'} /> {t('import.kindRoster')}
            </label>
          </fieldset>
        )}
        <div className="field">
          <label htmlFor="import-file">{t('import.fileLabel')}</label>
          <p id="import-file-hint" className="hint">
            {t('import.fileHint', { maxMb, maxRows: maxRows.toLocaleString('id-ID') })}
          </p>
          <input
            id="import-file"
            name="file"
            type="file"
            required
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={problemId ? true : undefined}
            aria-describedby={['import-file-hint', problemId].filter(Boolean).join(' ')}
          />
          {actionData?.problem ? (
            <ul id={problemId} className="field-errors" role="alert">
              <li>{t(actionData.problem.message, actionData.problem.values)}</li>
            </ul>
          ) : null}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('import.upload')}
        </button>
        {busy ? (
          <p role="status" className="import-processing">
            <progress aria-label={t('import.processing')} /> {t('import.processing')}
          </p>
        ) : null}
      </Form>
      <section aria-labelledby="templates">
        <h2 id="templates">{t('import.templates')}</h2>
        <p className="hint">{t('import.templatesIntro')}</p>
        <ul className="plain-list">
          {!cooperativeId ? (
            <>
              <li>
                <a href="/cooperatives/templates/registry.xlsx" download>
                  {t('import.templateRegistryXlsx')}
                </a>
              </li>
              <li>
                <a href="/cooperatives/templates/registry.csv" download>
                  {t('import.templateRegistryCsv')}
                </a>
              </li>
            </>
          ) : null}
          <li>
            <a href="/cooperatives/templates/roster.xlsx" download>
              {t('import.templateRosterXlsx')}
            </a>
          </li>
          <li>
            <a href="/cooperatives/templates/roster.csv" download>
              {t('import.templateRosterCsv')}
            </a>
          </li>
        </ul>
      </section>
      <p>
        <Link to={cooperativeId ? `/cooperatives/${cooperativeId}/roster` : '/cooperatives'}>
          {cooperativeId ? t('import.backToRoster') : t('import.backToRegistry')}
        </Link>
      </p>
    </section>
  );
}
