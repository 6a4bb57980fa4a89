import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { SelectField } from '~/components/select-field';
import { requireActor } from '~/lib/auth.server';
import { createDinas, requirePlatformAdmin } from '~/domain/platform/dinas.server';
import { NewDinasSchema } from '~/domain/platform/schemas';
import { DEFAULT_TIME_ZONE, TIME_ZONES, TIME_ZONE_IDS, zoneLabel } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('accounts:platform.newTitle');

export const loader = withDomainErrors(async ({ request }: LoaderFunctionArgs) => {
  requirePlatformAdmin(await requireActor(request));
  return null;
});

/** Adds the Dinas and invites its first coordinator; anyone but the platform administrator: "not found". */
export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  requirePlatformAdmin(actor);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  return submitForm(await request.formData(), NewDinasSchema, async (value) => {
    await createDinas(context.db, actor, value, { locale });
    return redirectWithToast('/platform', { message: 'accounts:platform.createdToast', values: { name: value.name, email: value.coordinatorEmail } });
  });
});

export default function NewDinas() {
  const { t } = useTranslation('accounts');
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(NewDinasSchema),
    defaultValue: { timeZone: DEFAULT_TIME_ZONE },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewDinasSchema }),
  });
  const text = (name: 'name' | 'shortName' | 'regencyCode' | 'city' | 'address' | 'coordinatorName', label: string, hint?: string) => (
    <Field label={label} hint={hint} inputProps={{ ...getInputProps(fields[name], { type: 'text' }), autoComplete: 'off' }} errors={fields[name].errors} />
  );
  return (
    <section>
      <p>
        <Link to="/platform">{t('platform.back')}</Link>
      </p>
      <h1>{t('platform.newTitle')}</h1>
      <p>{t('platform.newIntro')}</p>
      <Form method="post" {...getFormProps(form)} className="form-narrow">
        <ErrorList id={form.errorId} errors={form.errors} />
        <fieldset>
          <legend>{t('platform.dinasLegend')}</legend>
          {text('name', t('platform.name'), t('platform.nameHint'))}
          {text('shortName', t('platform.shortName'))}
          {text('regencyCode', t('platform.regencyCode'), t('platform.regencyCodeHint'))}
          {text('city', t('platform.city'))}
          {text('address', t('platform.address'))}
          <Field
            label={t('platform.email')}
            inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
            errors={fields.email.errors}
          />
          <SelectField label={t('platform.timeZone')} selectProps={getSelectProps(fields.timeZone)} errors={fields.timeZone.errors}>
            {TIME_ZONE_IDS.map((zone) => (
              <option key={zone} value={zone}>
                {`${zoneLabel(zone)} (UTC+${TIME_ZONES[zone].offsetHours})`}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <fieldset>
          <legend>{t('platform.coordinatorLegend')}</legend>
          <p className="hint">{t('platform.coordinatorHint')}</p>
          {text('coordinatorName', t('platform.coordinatorName'))}
          <Field
            label={t('platform.coordinatorEmail')}
            inputProps={{ ...getInputProps(fields.coordinatorEmail, { type: 'email' }), autoComplete: 'off' }}
            errors={fields.coordinatorEmail.errors}
          />
        </fieldset>
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {t('platform.submit')}
        </button>
      </Form>
    </section>
  );
}
