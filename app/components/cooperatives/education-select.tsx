import { getSelectProps, type FieldMetadata } from '@conform-to/react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '~/components/select-field';
import { EDUCATION_LEVELS } from '~/domain/cooperatives/education';

/** The person's highest education: a level code, shown by its name; the empty choice says what leaving it means. */
export function EducationSelect({ field, emptyLabel }: { field: FieldMetadata<string | undefined>; emptyLabel: string }) {
  const { t } = useTranslation('cooperatives');
  return (
    <SelectField label={t('roster.education')} hint={t('roster.educationHint')} selectProps={getSelectProps(field)} errors={field.errors}>
      <option value="">{emptyLabel}</option>
      {EDUCATION_LEVELS.map((level) => (
        <option key={level} value={level}>
          {t(`education.${level}`)}
        </option>
      ))}
    </SelectField>
  );
}
