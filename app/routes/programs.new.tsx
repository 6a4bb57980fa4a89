import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ProgramForm } from '~/components/cohorts/program-form';
import { requireActor } from '~/lib/auth.server';
import { listPartners } from '~/domain/programs/partners.server';
import { coordinatorDinas, createProgram } from '~/domain/programs/programs.server';
import { ProgramSchema } from '~/domain/programs/schemas';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('programs:form.newTitle');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  return { partners: await listPartners(context.db, actor, coordinatorDinas(actor)) };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  coordinatorDinas(actor);
  return submitForm(await request.formData(), ProgramSchema, async (value) => {
    const { id } = await createProgram(context.db, actor, value);
    return redirectWithToast(`/programs/${id}`, { message: 'programs:toast.created', values: { code: value.code } });
  });
});

export default function NewProgram() {
  const { partners } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('programs');
  return (
    <section>
      <p>
        <Link to="/programs">{t('title')}</Link>
      </p>
      <h1>{t('form.newTitle')}</h1>
      <ProgramForm
        lastResult={lastResult}
        partners={partners}
        submitLabel={t('form.create')}
        defaultValue={{
          attendanceMinPercent: 100,
          attendanceCountsExcused: false,
          lateGraceMinutes: 15,
          checkInOpensMinutes: 60,
          attendanceCorrectionHours: 72,
          competencyValidityMonths: 36,
          certificateNumberPattern: '{program}/{kind}/{year}/{seq:4}',
          units: [{ code: '', title: '' }],
          days: [{ kind: 'training', title: '', startsAtTime: '08:00', endsAtTime: '16:00' }],
        }}
      />
    </section>
  );
}
