import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CertificatePreview } from '~/components/organizations/certificate-preview';
import { Letterhead, logoPath } from '~/components/organizations/letterhead';
import { ProfileForm } from '~/components/organizations/profile-form';
import { requireActor } from '~/lib/auth.server';
import { requireOrganization } from '~/domain/organizations/access.server';
import { LOGO_MAX_BYTES } from '~/domain/organizations/images';
import { getOrganizationProfile, updateOrganizationProfile } from '~/domain/organizations/profile.server';
import { letterheadLines, ProfileSchema } from '~/domain/organizations/schemas';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { submitForm } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';
import { readFormWithFiles } from '~/lib/upload.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.profile.name);

/** A larger request is not read at all (the logo alone may be 512 KB). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  // A new address for the sample certificate on every load: the browser fetches it again after a save.
  return { profile: await getOrganizationProfile(context.db, actor, params.organizationId ?? ''), previewVersion: Date.now().toString(36) };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const organization = await requireOrganization(context.db, actor, params.organizationId ?? '');
  const back = `/organizations/${organization.id}`;
  const formData = await readFormWithFiles(request, { maxFileBytes: LOGO_MAX_BYTES, maxBodyBytes: MAX_BODY_BYTES });
  if (!formData) return redirectWithToast(back, { kind: 'error', message: 'organizations:errors.uploadTooLarge' });
  return submitForm(formData, ProfileSchema, async (value) => {
    const { changed } = await updateOrganizationProfile(context.db, actor, organization.id, value);
    return redirectWithToast(back, changed ? { message: 'organizations:toast.profileSaved', values: { name: value.name } } : { message: 'organizations:toast.profileUnchanged' });
  });
});

export default function OrganizationProfile() {
  const { profile, previewVersion } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('organizations');
  const logoSrc = logoPath(profile.id, profile.logoVersion);
  const logoAlt = t('preview.logoAlt', { name: profile.name });
  return (
    <section className="organization-profile">
      <h1>{profile.name}</h1>
      <p>
        {t(`kind.${profile.kind}`)} · {t('profile.intro')}
      </p>
      <p className="actions-row">
        <Link className="button secondary" to={`/organizations/${profile.id}/signatories`}>
          {t('profile.signatoriesLink')}
        </Link>
        {profile.kind === 'dinas' ? (
          <Link className="button secondary" to="/partners">
            {t('profile.partnersLink')}
          </Link>
        ) : null}
      </p>
      <section aria-labelledby="letterhead-preview" className="letterhead-preview">
        <h2 id="letterhead-preview">{t('preview.title')}</h2>
        <p className="hint">{t('preview.intro')}</p>
        <Letterhead name={profile.name} lines={letterheadLines(profile.letterhead)} logoSrc={logoSrc} logoAlt={logoAlt} />
        {logoSrc ? null : <p className="hint">{t('preview.noLogo')}</p>}
      </section>
      <CertificatePreview organizationId={profile.id} kind={profile.kind} version={previewVersion} />
      <ProfileForm
        // A saved logo empties the file field (the form mounts anew with the new logo).
        key={profile.logoVersion ?? 'no-logo'}
        lastResult={lastResult}
        isDinas={profile.kind === 'dinas'}
        logoSrc={logoSrc}
        logoAlt={logoAlt}
        defaultValue={{
          name: profile.name,
          shortName: profile.shortName,
          address: profile.address,
          city: profile.city,
          phone: profile.phone,
          email: profile.email,
          timeZone: profile.timeZone,
          letterhead: profile.letterhead,
        }}
      />
    </section>
  );
}
