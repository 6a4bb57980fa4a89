import { getInputProps, type FieldMetadata } from '@conform-to/react';
import { useTranslation } from 'react-i18next';
import { Field } from './field';

/** "New password" and "repeat it", as sign-up, invitations and password reset ask for them. */
export function NewPasswordFields({
  password,
  passwordConfirm,
  autoFocus = false,
}: {
  password: FieldMetadata<string>;
  passwordConfirm: FieldMetadata<string>;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation('accounts');
  return (
    <>
      <Field
        label={t('form.password')}
        hint={t('form.passwordHint')}
        inputProps={{ ...getInputProps(password, { type: 'password' }), autoComplete: 'new-password', autoFocus }}
        errors={password.errors}
      />
      <Field
        label={t('form.passwordConfirm')}
        inputProps={{ ...getInputProps(passwordConfirm, { type: 'password' }), autoComplete: 'new-password' }}
        errors={passwordConfirm.errors}
      />
    </>
  );
}
