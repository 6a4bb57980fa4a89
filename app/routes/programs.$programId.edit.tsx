import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ProgramForm } from '~/components/cohorts/program-form';
import { requireActor } from '~/lib/auth.server';
import { listPartners } from '~/domain/programs/partners.server';
import { getProgram, updateProgram } from '~/domain/programs/programs.server';
import { ProgramSchema } from '~/domain/programs/schemas';
import { titled } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.program.code);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const program = await getProgram(context.db, actor, params.programId ?? '');
  return { program, partners: await listPartners(context.db, actor, program.dinasId) };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const program = await getProgram(context.db, actor, params.programId ?? '');
  return submitForm(await request.formData(), ProgramSchema, async (value) => {
    await updateProgram(context.db, actor, program.id, value);
    return redirectWithToast(`/programs/${program.id}`, { message: 'programs:toast.updated', values: { code: value.code } });
  });
});

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
          attendanceCountsExcused: program.attendanceCountsExcused,
          lateGraceMinutes: program.lateGraceMinutes,
          checkInOpensMinutes: program.checkInOpensMinutes,
          attendanceCorrectionHours: program.attendanceCorrectionHours,
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
