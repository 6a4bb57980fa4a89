/**
 * An organization's letterhead as letters, attendance sheets and certificates print it:
 * the logo beside the name and the letterhead lines, over a rule. Plain markup, so the
 * page shows it without JavaScript.
 */
export function Letterhead({ name, lines, logoSrc, logoAlt }: { name: string; lines: string[]; logoSrc: string | null; logoAlt: string }) {
  return (
    <div className="letterhead">
      {logoSrc ? <img className="letterhead-logo" src={logoSrc} alt={logoAlt} /> : null}
      <div className="letterhead-text">
        <p className="letterhead-name">{name}</p>
        {lines.map((line, index) => (
          <p key={index} className="letterhead-line">
            {line}
          </p>
        ))}
      </div>
    </div>
  );
}

/** Where an organization's logo is served (public); the version makes a new logo bypass caches. */
export function logoPath(organizationId: string, version: string | null): string | null {
  return version ? `/organizations/${organizationId}/logo?v=${encodeURIComponent(version)}` : null;
}
