import layout2026 from '../../../templates/certificates/2026.1.json';

/**
 * Certificate layouts (templates/certificates/<version>.json): colours, positions and
 * texts as data. A certificate stores the version it was issued with; the renderer looks
 * that version up here, so an old certificate keeps its look when a new layout arrives.
 */
export type CertificateLayout = typeof layout2026;

export const LAYOUTS: Record<string, CertificateLayout> = { [layout2026.version]: layout2026 };

/** The layout new certificates are issued with. */
export const TEMPLATE_VERSION = layout2026.version;

export function layoutOf(version: string): CertificateLayout {
  const layout = LAYOUTS[version];
  if (!layout) throw new Error(`Unknown certificate template version ${version}`);
  return layout;
}
