/**
 * LinkedIn's documented "Add to profile" link for a certification
 * (https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&…): it opens the
 * holder's profile with the certification form filled in. Months are 1–12; the expiry is
 * left out for a certificate that does not expire.
 */
export interface LinkedInCertification {
  name: string;
  organizationName: string;
  /** 'YYYY-MM-DD', the issue date in the cohort's zone. */
  issuedOn: string;
  /** 'YYYY-MM-DD' or null. */
  validUntil: string | null;
  /** The public verification page. */
  certUrl: string;
  /** The certificate's number. */
  certId: string;
}

const yearMonth = (date: string): [string, string] => {
  const [year, month] = date.split('-') as [string, string];
  return [String(Number(year)), String(Number(month))];
};

export function linkedInAddToProfileUrl(cert: LinkedInCertification): string {
  const [issueYear, issueMonth] = yearMonth(cert.issuedOn);
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: cert.name, organizationName: cert.organizationName, issueYear, issueMonth });
  if (cert.validUntil) {
    const [expirationYear, expirationMonth] = yearMonth(cert.validUntil);
    params.set('expirationYear', expirationYear);
    params.set('expirationMonth', expirationMonth);
  }
  params.set('certUrl', cert.certUrl);
  params.set('certId', cert.certId);
  // URLSearchParams writes a space as '+'; LinkedIn's examples (and every reader) accept %20.
  return `https://www.linkedin.com/profile/add?${params.toString().replace(/\+/g, '%20')}`;
}
