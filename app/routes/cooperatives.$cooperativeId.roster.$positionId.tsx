import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { endStaffPosition, getStaffPosition, positionSuggestions, updateStaffPosition } from '~/domain/cooperatives/roster.server';
import { EditPositionSchema, EndPositionSchema } from '~/domain/cooperatives/schemas';
import { dateInZone } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.position.fullName} · Kompeten` : 'Kompeten' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const position = await getStaffPosition(db(), actor, { cooperativeId: params.cooperativeId ?? '', positionId: params.positionId ?? '' });
    return { position, suggestions: await positionSuggestions(db(), position.cooperative.dinasId), today: dateInZone(new Date(), 'Asia/Jakarta') };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  const input = { cooperativeId: params.cooperativeId ?? '', positionId: params.positionId ?? '' };
  const back = `/cooperatives/${input.cooperativeId}/roster`;
  if (formData.get('intent') === 'end') {
    const submission = parseWithZod(formData, { schema: EndPositionSchema });
    if (submission.status !== 'success') return { intent: 'end' as const, result: submission.reply() };
    try {
      await db().transaction().execute((trx) => endStaffPosition(trx, actor, { ...input, values: submission.value }));
      return redirectWithToast(back, { message: 'cooperatives:toast.positionEnded' });
    } catch (error) {
      const errors = formErrorsOf(error);
      if (errors) return { intent: 'end' as const, result: submission.reply(errors) };
      throwAsResponse(error);
    }
  }
  const submission = parseWithZod(formData, { schema: EditPositionSchema });
  if (submission.status !== 'success') return { intent: 'edit' as const, result: submission.reply() };
  try {
    await db().transaction().execute((trx) => updateStaffPosition(trx, actor, { ...input, values: submission.value }));
    return redirectWithToast(back, { message: 'cooperatives:toast.positionUpdated' });
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return { intent: 'edit' as const, result: submission.reply(errors) };
    throwAsResponse(error);
  }
}

export default function EditPosition() {
  const { position, suggestions, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('cooperatives');
  const [editForm, edit] = useForm({
    id: 'edit-position',
    lastResult: actionData?.intent === 'edit' ? actionData.result : undefined,
    defaultValue: { position: position.position, startsOn: position.startsOn ?? '', endsOn: position.endsOn ?? '' },
    constraint: getZodConstraint(EditPositionSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditPositionSchema }),
  });
  const [endForm, end] = useForm({
    id: 'end-position',
    lastResult: actionData?.intent === 'end' ? actionData.result : undefined,
    defaultValue: { endsOn: position.endsOn ?? today },
    constraint: getZodConstraint(EndPositionSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EndPositionSchema }),
  });
  const back = `/cooperatives/${position.cooperative.id}/roster`;
  return (
    <section>
      <p className="eyebrow">
        <Link to={back}>{position.cooperative.name}</Link>
      </p>
      <h1>{t('roster.editTitle', { name: position.fullName })}</h1>
      <p>
        {t('roster.nik')}: <code>{position.nik}</code>
      </p>
      <Form method="post" {...getFormProps(editForm)} className="form-narrow">
        <ErrorList id={editForm.errorId} errors={editForm.errors} />
        <input type="hidden" name="intent" value="edit" />
        <Field
          label={t('roster.position')}
          hint={t('roster.positionHint')}
          inputProps={{ ...getInputProps(edit.position, { type: 'text' }), list: 'position-suggestions', autoComplete: 'off' }}
          errors={edit.position.errors}
        />
        <datalist id="position-suggestions">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <Field label={t('roster.startsOn')} inputProps={getInputProps(edit.startsOn, { type: 'date' })} errors={edit.startsOn.errors} />
        <Field label={t('roster.endsOn')} hint={t('roster.endsOnHint')} inputProps={getInputProps(edit.endsOn, { type: 'date' })} errors={edit.endsOn.errors} />
        <div className="actions-row">
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('form.save')}
          </button>
          <Link to={back} className="button secondary">
            {t('roster.back')}
          </Link>
        </div>
      </Form>
      {position.endsOn === null ? (
        <Form method="post" {...getFormProps(endForm)} className="form-narrow end-position">
          <h2>{t('roster.end')}</h2>
          <p className="hint">{t('roster.endHint')}</p>
          <ErrorList id={endForm.errorId} errors={endForm.errors} />
          <input type="hidden" name="intent" value="end" />
          <Field label={t('roster.endsOn')} inputProps={getInputProps(end.endsOn, { type: 'date' })} errors={end.endsOn.errors} />
          <button type="submit" className="button danger" disabled={navigation.state === 'submitting'}>
            {t('roster.endSubmit')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
