import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { DateField } from '~/components/date-field';
import { EducationSelect } from '~/components/cooperatives/education-select';
import { ErrorList, Field } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { endStaffPosition, getStaffPosition, getStaffPositionPage, updateStaffPosition } from '~/domain/cooperatives/roster.server';
import { EditPositionSchema, EndPositionSchema } from '~/domain/cooperatives/schemas';
import { dateText } from '~/lib/date-input';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.position.fullName);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const { position, suggestions } = await getStaffPositionPage(context.db, actor, { cooperativeId: params.cooperativeId ?? '', positionId: params.positionId ?? '' });
  return { position, suggestions, today: position.today };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  // The position, once the actor may manage its roster: anyone else is not found, whatever the body.
  const position = await getStaffPosition(context.db, actor, { cooperativeId: params.cooperativeId ?? '', positionId: params.positionId ?? '' });
  const input = { cooperativeId: position.cooperative.id, positionId: position.positionId };
  const back = `/cooperatives/${input.cooperativeId}/roster`;
  const formData = await request.formData();
  const intent = formData.get('intent') === 'end' ? ('end' as const) : ('edit' as const);
  const outcome =
    intent === 'end'
      ? await submitForm(formData, EndPositionSchema, async (values): Promise<Response> => {
          await endStaffPosition(context.db, actor, { ...input, values });
          return redirectWithToast(back, { message: 'cooperatives:toast.positionEnded' });
        })
      : await submitForm(formData, EditPositionSchema, async (values): Promise<Response> => {
          await updateStaffPosition(context.db, actor, { ...input, values });
          return redirectWithToast(back, { message: 'cooperatives:toast.positionUpdated' });
        });
  if (outcome instanceof Response) return outcome;
  // Two forms on the page: the answer says which one its errors belong to.
  return data({ intent, result: 'data' in outcome ? outcome.data : outcome }, ('init' in outcome ? outcome.init : null) ?? { status: 400 });
});

export default function EditPosition() {
  const { position, suggestions, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('cooperatives');
  const [editForm, edit] = useForm({
    id: 'edit-position',
    lastResult: actionData?.intent === 'edit' ? actionData.result : undefined,
    defaultValue: { education: position.education ?? '', position: position.position, startsOn: dateText(position.startsOn) ?? '', endsOn: dateText(position.endsOn) ?? '' },
    constraint: getZodConstraint(EditPositionSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditPositionSchema }),
  });
  const [endForm, end] = useForm({
    id: 'end-position',
    lastResult: actionData?.intent === 'end' ? actionData.result : undefined,
    defaultValue: { endsOn: dateText(position.endsOn ?? today) },
    constraint: getZodConstraint(EndPositionSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
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
        <DateField label={t('roster.startsOn')} inputProps={getInputProps(edit.startsOn, { type: 'text' })} errors={edit.startsOn.errors} />
        <DateField label={t('roster.endsOn')} hint={t('roster.endsOnHint')} inputProps={getInputProps(edit.endsOn, { type: 'text' })} errors={edit.endsOn.errors} />
        <EducationSelect field={edit.education} emptyLabel={t('roster.educationNone')} />
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
          <DateField label={t('roster.endsOn')} inputProps={getInputProps(end.endsOn, { type: 'text' })} errors={end.endsOn.errors} />
          <button type="submit" className="button danger" disabled={navigation.state === 'submitting'}>
            {t('roster.endSubmit')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
