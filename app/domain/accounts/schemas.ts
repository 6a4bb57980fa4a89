import { z } from 'zod';
import { checkNik, NIK_ERRORS } from './nik';
import { GRANTABLE_ROLES } from './roles';
import { dateField } from '~/lib/date-input';
import { INVALID, tooLong } from '~/lib/messages';

/**
 * The accounts forms' schemas, shared by the server and the browser (conform). Messages
 * are i18n keys.
 */

export const PASSWORD_MIN = 10;

const email = z
  .string({ message: 'accounts:form.emailRequired' })
  .trim()
  .toLowerCase()
  .max(254, 'accounts:form.emailInvalid')
  .pipe(z.email({ message: 'accounts:form.emailInvalid' }));

const password = z
  .string({ message: 'accounts:form.passwordRequired' })
  .min(PASSWORD_MIN, 'accounts:form.passwordTooShort')
  .max(200, tooLong(200));

// An empty repeat is missing, not different: "differ" only when both are typed.
const passwordConfirm = z.string({ message: 'accounts:form.passwordConfirmRequired' }).min(1, 'accounts:form.passwordConfirmRequired');

const passwordsMatch: [(v: { password: string; passwordConfirm: string }) => boolean, { message: string; path: string[] }] = [
  (v) => v.password === v.passwordConfirm,
  { message: 'accounts:form.passwordMismatch', path: ['passwordConfirm'] },
];

const personName = z
  .string({ message: 'accounts:form.nameRequired' })
  .trim()
  .min(2, 'accounts:form.nameRequired')
  .max(120, tooLong(120));

const YEAR_MS = 365.25 * 86_400_000;

export const SignUpSchema = z
  .object({
    fullName: personName,
    nik: z.string({ message: 'accounts:signUp.nikFormat' }).trim(),
    // Typed the Indonesian way ("17-08-1990") or ISO; read as "1990-08-17".
    birthDate: dateField('accounts:signUp.birthDateRequired', 'accounts:signUp.birthDateInvalid')
      .refine((v) => v >= '1900-01-01', 'accounts:signUp.birthDateInvalid')
      .refine((v) => Date.parse(`${v}T00:00:00Z`) < Date.now() - 15 * YEAR_MS, 'accounts:signUp.birthDateTooRecent'),
    email,
    password,
    passwordConfirm,
    cooperativeId: z.uuid({ message: 'accounts:signUp.cooperativeRequired' }),
    position: z
      .string({ message: 'accounts:signUp.positionRequired' })
      .trim()
      .min(2, 'accounts:signUp.positionRequired')
      .max(80, tooLong(80)),
    website: z.string({ error: INVALID }).optional(),
  })
  .superRefine((value, ctx) => {
    const check = checkNik(value.nik, value.birthDate);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: ['nik'], message: NIK_ERRORS[check.problem] });
  })
  .refine(...passwordsMatch);

/**
 * Sign-up's cooperative search as a page without JavaScript posts it: "Cari" is a button of
 * the sign-up form, so the cooperative already chosen (and everything typed) comes along and
 * is shown again. `koperasiShown` is the search the page showed: pressing Enter in another
 * field also "clicks" Cari (the form's first button), and with the search unchanged that is
 * the sign-up itself.
 */
export const SignUpSearchSchema = z.object({
  intent: z.literal('search', { error: INVALID }),
  koperasi: z.string({ error: INVALID }).max(100, tooLong(100)).optional(),
  koperasiShown: z.string({ error: INVALID }).optional(),
  cooperativeId: z.string({ error: INVALID }).optional(),
});

/** Whether a posted sign-up form asks for a new cooperative search rather than to sign up. */
export function isNewCooperativeSearch(formData: FormData): boolean {
  return formData.get('intent') === 'search' && String(formData.get('koperasi') ?? '').trim() !== String(formData.get('koperasiShown') ?? '').trim();
}

/** Sign-in checks only that something was typed: the password rules are for new passwords. */
export const SignInSchema = z.object({
  email: z.email({ message: 'accounts:signIn.invalidEmail' }),
  password: z.string({ message: 'accounts:signIn.passwordRequired' }).min(1, 'accounts:signIn.passwordRequired'),
  redirectTo: z.string({ error: INVALID }).optional(),
});

export const ResetRequestSchema = z.object({ email, website: z.string({ error: INVALID }).optional() });

export const NewPasswordSchema = z.object({ password, passwordConfirm }).refine(...passwordsMatch);

export const AcceptInvitationSchema = z.object({ displayName: personName, password, passwordConfirm }).refine(...passwordsMatch);

export const GrantSchema = z.object({
  role: z.enum(GRANTABLE_ROLES, { message: 'accounts:invite.roleRequired' }),
  organizationId: z.string({ message: 'accounts:invite.organizationRequired' }),
  registrationNumber: z.string({ error: INVALID }).trim().max(60, tooLong(60)).optional(),
});

export const InviteSchema = GrantSchema.extend({
  email,
  name: z.string({ error: INVALID }).trim().max(120, tooLong(120)).optional(),
});
