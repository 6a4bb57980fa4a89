import { useTranslation } from 'react-i18next';

export interface OwnCertificateView {
  id: string;
  kind: 'competency' | 'training';
  number: string;
  code: string;
  groupedCode: string;
  status: 'valid' | 'revoked' | 'superseded';
  validUntil: string | null;
  linkedInUrl: string | null;
}

/** A participant's certificates of one cohort on "my cohorts": each with its PDF, its verification page and LinkedIn's "add to profile". */
export function OwnCertificates({ certificates }: { certificates: OwnCertificateView[] }) {
  const { t } = useTranslation('certificates');
  if (certificates.length === 0) return null;
  return (
    <div className="own-certificates">
      <h3>{t('mine.heading')}</h3>
      <ul>
        {certificates.map((c) => (
          <li key={c.code}>
            <strong>{t(`kind.${c.kind}`)}</strong> {c.number}{' '}
            {c.status !== 'valid' ? <span className="badge badge-revoked">{t(`status.${c.status}`)}</span> : null}
            {c.validUntil ? (
              <>
                {' '}
                · {t('fields.validUntil')} {c.validUntil}
              </>
            ) : null}
            <br />
            <a href={`/certificates/${c.id}/pdf`} download>
              {t('mine.download')}
            </a>{' '}
            · <a href={`/verify/${c.code}`}>{t('mine.verify')}</a>
            {c.linkedInUrl ? (
              <>
                {' '}
                ·{' '}
                <a href={c.linkedInUrl} target="_blank" rel="noopener noreferrer">
                  {t('mine.linkedIn')}
                  <span className="visually-hidden"> {t('mine.newWindow')}</span>
                </a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
