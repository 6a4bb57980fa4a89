import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ListTable, type ListColumn } from '~/components/list-kit';
import { coordinatorDinasId, requireActor } from '~/lib/auth.server';
import { addPartner, dinasPartners, removePartner, type DinasPartner } from '~/domain/organizations/partners.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitIntent } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('organizations:partners.title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100);
  return { q, ...(await dinasPartners(context.db, actor, coordinatorDinasId(actor), q)) };
});

const IntentSchema = z.object({ intent: z.enum(['add', 'remove']), partnerId: z.string() });

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const dinasId = coordinatorDinasId(actor);
  const parsed = IntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return redirectWithToast('/partners', { kind: 'error', message: 'common:form.invalid' });
  const { intent, partnerId } = parsed.data;
  return submitIntent('/partners', async () => {
    if (intent === 'add') {
      const { name } = await addPartner(context.db, actor, dinasId, partnerId);
      return redirectWithToast('/partners', { message: 'organizations:toast.partnerAdded', values: { name } });
    }
    const { name } = await removePartner(context.db, actor, dinasId, partnerId);
    return redirectWithToast('/partners', { message: 'organizations:toast.partnerRemoved', values: { name } });
  });
});

function IntentButton({ intent, partnerId, label, children }: { intent: 'add' | 'remove'; partnerId: string; label: string; children: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="partnerId" value={partnerId} />
      <button type="submit" className={`button small ${intent === 'remove' ? 'danger' : 'primary'}`} aria-label={label}>
        {children}
      </button>
    </Form>
  );
}

export default function Partners() {
  const { dinas, partners, candidates, q } = useLoaderData<typeof loader>();
  const { t } = useTranslation('organizations');
  const columns: ListColumn<DinasPartner>[] = [
    { key: 'name', title: true, header: t('partners.name'), cell: (p) => p.name },
    { key: 'city', header: t('partners.city'), cell: (p) => p.city ?? '—' },
    { key: 'activeCohorts', header: t('partners.activeCohorts'), cell: (p) => String(p.activeCohorts) },
    {
      key: 'actions',
      header: t('partners.actions'),
      cell: (p) => (
        <IntentButton intent="remove" partnerId={p.id} label={t('partners.removeLabel', { name: p.name })}>
          {t('partners.remove')}
        </IntentButton>
      ),
    },
  ];
  const groups = [
    { kind: 'training_institute', heading: t('partners.institutes') },
    { kind: 'certification_body', heading: t('partners.certificationBodies') },
  ] as const;
  return (
    <section>
      <h1>{t('partners.title')}</h1>
      <p>{t('partners.intro', { dinas: dinas.name })}</p>
      {groups.map((group) => (
        <section key={group.kind} aria-labelledby={`partners-${group.kind}`}>
          <h2 id={`partners-${group.kind}`}>{group.heading}</h2>
          <ListTable rows={partners.filter((p) => p.kind === group.kind)} columns={columns} rowKey={(p) => p.id} caption={group.heading} empty={t('partners.none')} />
        </section>
      ))}
      <section aria-labelledby="partners-add">
        <h2 id="partners-add">{t('partners.addTitle')}</h2>
        <Form method="get" className="form-narrow">
          <div className="field">
            <label htmlFor="partners-q">{t('partners.searchLabel')}</label>
            <input id="partners-q" type="search" name="q" defaultValue={q} maxLength={100} />
          </div>
          <button type="submit" className="button secondary">
            {t('partners.search')}
          </button>
        </Form>
        {q ? (
          candidates.length === 0 ? (
            <p className="list-empty">{t('partners.noCandidates')}</p>
          ) : (
            <ul className="plain-list partner-candidates">
              {candidates.map((c) => (
                <li key={c.id}>
                  <span>
                    {c.name} <span className="hint">({t(`kind.${c.kind}`)}{c.city ? `, ${c.city}` : ''})</span>
                  </span>{' '}
                  <IntentButton intent="add" partnerId={c.id} label={t('partners.addLabel', { name: c.name })}>
                    {t('partners.add')}
                  </IntentButton>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
    </section>
  );
}
