import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ProgramForm } from '~/components/cohorts/program-form';
import { requireActor } from '~/lib/auth.server';
import { listPartners } from '~/domain/programs/partners.server';
import { coordinatorDinas, createProgram } from '~/domain/programs/programs.server';
import { ProgramSchema } from '~/domain/programs/schemas';
import { db } from '~/lib/db.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Program baru · Kompeten' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    coordinatorDinas(actor);
  } catch (error) {
    throwAsResponse(error);
  }
  return { partners: await listPartners(db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  try {
    coordinatorDinas(actor);
  } catch (error) {
    throwAsResponse(error);
  }
  const submission = parseWithZod(await request.formData(), { schema: ProgramSchema });
  if (submission.status !== 'success') return submission.reply();
  let id: string;
  try {
    ({ id } = await createProgram(db(), actor, submission.value));
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return submission.reply(errors);
    throwAsResponse(error);
  }
  return redirectWithToast(`/programs/${id}`, { message: 'programs:toast.created', values: { code: submission.value.code } });
}

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
          competencyValidityMonths: 36,
          certificateNumberPattern: '{program}/{kind}/{year}/{seq:4}',
          units: [{ code: '', title: '' }],
          days: [{ kind: 'training', title: '', startsAtTime: '08:00', endsAtTime: '16:00' }],
        }}
      />
    </section>
  );
}
