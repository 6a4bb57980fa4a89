import { getInputProps, getSelectProps, type FieldMetadata } from '@conform-to/react';
import { useTranslation } from 'react-i18next';
import type { GrantableRole } from '~/domain/accounts/roles';
import { Field } from './field';
import { SelectField } from './select-field';

/** The roles an administrator may grant and the organizations they may grant them in, grouped by kind (from `grantOptions`). */
export interface GrantOrganizations {
  roles: GrantableRole[];
  dinas: { id: string; name: string }[];
  trainingInstitutes: { id: string; name: string }[];
  certificationBodies: { id: string; name: string }[];
  cooperatives: { id: string; name: string }[];
}

/** Role, organization and Reg. MET number: shared by the invitation form and the user page. */
export function RoleGrantFields({
  fields,
  organizations,
}: {
  fields: {
    role: FieldMetadata<string>;
    organizationId: FieldMetadata<string>;
    registrationNumber: FieldMetadata<string | undefined>;
  };
  organizations: GrantOrganizations;
}) {
  const { t } = useTranslation('accounts');
  const groups = [
    { key: 'dinas', list: organizations.dinas },
    { key: 'trainingInstitutes', list: organizations.trainingInstitutes },
    { key: 'certificationBodies', list: organizations.certificationBodies },
    { key: 'cooperatives', list: organizations.cooperatives },
  ] as const;
  return (
    <>
      <SelectField label={t('invite.role')} selectProps={getSelectProps(fields.role)} errors={fields.role.errors}>
        <option value="">—</option>
        {organizations.roles.map((role) => (
          <option key={role} value={role}>
            {t(`roles.${role}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('invite.organization')}
        hint={t('invite.organizationHint')}
        selectProps={getSelectProps(fields.organizationId)}
        errors={fields.organizationId.errors}
      >
        <option value="">{t('invite.organizationChoose')}</option>
        {groups
          .filter((g) => g.list.length > 0)
          .map((g) => (
            <optgroup key={g.key} label={t(`invite.groups.${g.key}`)}>
              {g.list.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </optgroup>
          ))}
      </SelectField>
      <Field
        label={t('invite.registrationNumber')}
        hint={t('invite.registrationNumberHint')}
        inputProps={{ ...getInputProps(fields.registrationNumber, { type: 'text' }), autoComplete: 'off' }}
        errors={fields.registrationNumber.errors}
      />
    </>
  );
}
