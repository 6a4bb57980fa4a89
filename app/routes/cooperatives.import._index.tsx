import {
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireActor } from '~/lib/auth.server';
import { createImportBatch, ImportFileError, importScope, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '~/domain/cooperatives/import/batches.server';
import { db } from '~/lib/db.server';
import { throwAsResponse } from '~/lib/route-errors.server';

export const meta: MetaFunction = () => [{ title: 'Impor koperasi · Kompeten' }];

function targetOf(kind: unknown, cooperative: unknown) {
  const cooperativeId = typeof cooperative === 'string' && cooperative ? cooperative : null;
  return { kind: kind === 'roster' || cooperativeId ? ('roster' as const) : ('registry' as const), cooperativeId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const target = targetOf(url.searchParams.get('kind'), url.searchParams.get('cooperative'));
  try {
    const scope = await importScope(db(), actor, target);
    return {
      kind: target.kind,
      cooperativeId: scope.cooperativeId,
      cooperativeName: scope.cooperativeName,
      maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
      maxRows: MAX_IMPORT_ROWS,
    };
  } catch (error) {
    throwAsResponse(error);
  }
}

type FileProblem = { message: string; values?: Record<string, string | number> };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const tooLarge: FileProblem = { message: 'cooperatives:import.file.tooLarge', values: { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 } };
  // Refuse an oversized upload from its declared length before reading it.
  if (Number(request.headers.get('Content-Length') ?? 0) > MAX_IMPORT_BYTES + 64 * 1024) return { problem: tooLarge };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { problem: tooLarge };
    throw error;
  }
  const target = targetOf(formData.get('kind'), formData.get('cooperativeId'));
  const file = formData.get('file');
  if (!(file instanceof File) || (file.size === 0 && file.name === '')) return { problem: { message: 'cooperatives:import.file.missing' } };
  try {
    const batch = await createImportBatch(db(), actor, { ...target, fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) });
    return redirect(`/cooperatives/import/${batch.id}`);
  } catch (error) {
    if (error instanceof ImportFileError) return { problem: { message: error.message, values: error.values as FileProblem['values'] } };
    throwAsResponse(error);
  }
}

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
