import { useTranslation } from 'react-i18next';

/**
 * A sample certificate as the organization's current logo and signatories print it (a PDF
 * drawn by the real renderer on each request). `version` changes with every page load, so
 * the browser fetches it again after a save. Opened beside the page, not embedded: the
 * portal's CSP allows no plugins (`object-src 'none'`) and no framing.
 */
export function CertificatePreview({ organizationId, kind, version }: { organizationId: string; kind: string; version: string }) {
  const { t } = useTranslation('organizations');
  const src = `/organizations/${organizationId}/preview.pdf?v=${encodeURIComponent(version)}`;
  return (
    <section aria-labelledby="certificate-preview" className="certificate-preview">
      <h2 id="certificate-preview">{t('certificatePreview.title')}</h2>
      <p className="hint">{t(kind === 'certification_body' ? 'certificatePreview.introCompetency' : 'certificatePreview.introTraining')}</p>
      <p className="actions-row">
        <a href={src} target="_blank" rel="noopener" className="button secondary">
          {t('certificatePreview.open')}
        </a>{' '}
        <a href={src} download="contoh-sertifikat.pdf">
          {t('certificatePreview.download')}
        </a>
      </p>
    </section>
  );
}
