import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ProgramForm } from '~/components/cohorts/program-form';
import { requireActor } from '~/lib/auth.server';
import { listPartners } from '~/domain/programs/partners.server';
import { getProgram, updateProgram } from '~/domain/programs/programs.server';
import { ProgramSchema } from '~/domain/programs/schemas';
import { db } from '~/lib/db.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.program.code ?? ''} · Kompeten` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const program = await getProgram(db(), actor, params.programId ?? '');
    return { program, partners: await listPartners(db()) };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await getProgram(db(), actor, params.programId ?? '').catch(throwAsResponse);
  const submission = parseWithZod(await request.formData(), { schema: ProgramSchema });
  if (submission.status !== 'success') return submission.reply();
  try {
    await updateProgram(db(), actor, params.programId ?? '', submission.value);
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return submission.reply(errors);
    throwAsResponse(error);
  }
  return redirectWithToast(`/programs/${params.programId}`, { message: 'programs:toast.updated', values: { code: submission.value.code } });
}

export default function EditProgram() {
  const { program, partners } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('programs');
  return (
    <section>
      <p>
        <Link to={`/programs/${program.id}`}>{program.code}</Link>
      </p>
      <h1>{t('form.editTitle')}</h1>
      <ProgramForm
        lastResult={lastResult}
        partners={partners}
        submitLabel={t('form.save')}
        defaultValue={{
          code: program.code,
          title: program.title,
          description: program.description,
          schemeName: program.schemeName,
          schemeNumber: program.schemeNumber,
          competencyStandard: program.competencyStandard,
          attendanceMinPercent: program.attendanceMinPercent,
          targetPositions: program.targetPositions.join('\n'),
          competencyValidityMonths: program.competencyValidityMonths,
          trainingValidityMonths: program.trainingValidityMonths,
          certificateNumberPattern: program.certificateNumberPattern,
          defaultInstituteId: program.defaultInstituteId,
          defaultCertificationBodyId: program.defaultCertificationBodyId,
          units: program.units.map((u) => ({ id: u.id, code: u.code, title: u.title })),
          days: program.days,
        }}
      />
    </section>
  );
}
