import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ListTable, type ListColumn } from '~/components/list-kit';
import { CertificatePreview } from '~/components/organizations/certificate-preview';
import { requireActor } from '~/lib/auth.server';
import { requireOrganization } from '~/domain/organizations/access.server';
import { listSignatories, moveSignatory, setSignatoryActive, type Signatory } from '~/domain/organizations/signatories.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitIntent } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('organizations:signatories.title');

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  // A new address for the sample certificate on every load: the browser fetches it again after a change.
  return { ...(await listSignatories(context.db, actor, params.organizationId ?? '')), previewVersion: Date.now().toString(36) };
});

const IntentSchema = z.object({ intent: z.enum(['up', 'down', 'deactivate', 'activate']), signatoryId: z.string() });

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const organization = await requireOrganization(context.db, actor, params.organizationId ?? '');
  const back = `/organizations/${organization.id}/signatories`;
  const parsed = IntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return redirectWithToast(back, { kind: 'error', message: 'common:form.invalid' });
  const { intent, signatoryId } = parsed.data;
  return submitIntent(back, async () => {
    if (intent === 'up' || intent === 'down') {
      await moveSignatory(context.db, actor, organization.id, signatoryId, intent);
      return redirectWithToast(back, { message: 'organizations:toast.signatoryMoved' });
    }
    await setSignatoryActive(context.db, actor, organization.id, signatoryId, intent === 'activate');
    return redirectWithToast(back, { message: intent === 'activate' ? 'organizations:toast.signatoryActivated' : 'organizations:toast.signatoryDeactivated' });
  });
});

function RowButton({ intent, signatoryId, label, children }: { intent: string; signatoryId: string; label?: string; children: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="signatoryId" value={signatoryId} />
      <button type="submit" className="button secondary small" aria-label={label}>
        {children}
      </button>
    </Form>
  );
}

export default function Signatories() {
  const { organization, signatories, previewVersion } = useLoaderData<typeof loader>();
  const { t } = useTranslation('organizations');
  const base = `/organizations/${organization.id}/signatories`;
  const rows = signatories.map((s, index) => ({ ...s, index }));
  const columns: ListColumn<Signatory & { index: number }>[] = [
    {
      key: 'name',
      title: true,
      header: t('signatories.name'),
      cell: (s) => (
        <>
          <Link to={`${base}/${s.id}`}>{s.name}</Link>
          <br />
          <span className="hint">{s.title}</span>
        </>
      ),
    },
    {
      key: 'nip',
      header: t('signatories.nip'),
      cell: (s) => (
        <>
          {s.nip ?? '—'}
          {s.nipWarning ? (
            <>
              <br />
              <span className="badge badge-warning">{t('signatories.nipWarning')}</span>
            </>
          ) : null}
        </>
      ),
    },
    { key: 'signature', header: t('signatories.signature'), cell: (s) => (s.hasSignature ? t('signatories.hasSignature') : t('signatories.noSignature')) },
    { key: 'status', header: t('signatories.status'), cell: (s) => (s.isActive ? t('signatories.active') : t('signatories.inactive')) },
    {
      key: 'actions',
      header: t('signatories.actions'),
      cell: (s) => (
        <div className="actions-row">
          {s.index > 0 ? (
            <RowButton intent="up" signatoryId={s.id} label={t('signatories.moveUp', { name: s.name })}>
              {t('signatories.up')}
            </RowButton>
          ) : null}
          {s.index < signatories.length - 1 ? (
            <RowButton intent="down" signatoryId={s.id} label={t('signatories.moveDown', { name: s.name })}>
              {t('signatories.down')}
            </RowButton>
          ) : null}
          <RowButton intent={s.isActive ? 'deactivate' : 'activate'} signatoryId={s.id}>
            {s.isActive ? t('signatories.deactivate') : t('signatories.activate')}
          </RowButton>
        </div>
      ),
    },
  ];
  return (
    <section>
      <p>
        <Link to={`/organizations/${organization.id}`}>{organization.name}</Link>
      </p>
      <h1>{t('signatories.title')}</h1>
      <p>{t('signatories.intro')}</p>
      <p className="actions-row">
        <Link className="button primary" to={`${base}/new`}>
          {t('signatories.add')}
        </Link>
      </p>
      <ListTable rows={rows} columns={columns} rowKey={(s) => s.id} caption={t('signatories.title')} empty={t('signatories.none')} />
      <CertificatePreview organizationId={organization.id} kind={organization.kind} version={previewVersion} />
    </section>
  );
}
