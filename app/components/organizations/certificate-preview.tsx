import { useTranslation } from 'react-i18next';

/**
 * A sample certificate as the organization's current logo and signatories print it (a PDF
 * drawn by the real renderer on each request). `version` changes with every page load, so
 * the browser fetches it again after a save; without a PDF viewer the link opens it.
 */
export function CertificatePreview({ organizationId, name, kind, version }: { organizationId: string; name: string; kind: string; version: string }) {
  const { t } = useTranslation('organizations');
  const src = `/organizations/${organizationId}/preview.pdf?v=${encodeURIComponent(version)}`;
  return (
    <section aria-labelledby="certificate-preview" className="certificate-preview">
      <h2 id="certificate-preview">{t('certificatePreview.title')}</h2>
      <p className="hint">{t(kind === 'certification_body' ? 'certificatePreview.introCompetency' : 'certificatePreview.introTraining')}</p>
      <object className="certificate-preview-frame" data={src} type="application/pdf" aria-label={t('certificatePreview.label', { name })}>
        <p>
          {t('certificatePreview.noViewer')} <a href={src}>{t('certificatePreview.open')}</a>
        </p>
      </object>
      <p>
        <a href={src} download="contoh-sertifikat.pdf">
          {t('certificatePreview.download')}
        </a>
      </p>
    </section>
  );
}
