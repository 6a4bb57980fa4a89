import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent } from '~/components/dashboard/format';
import type { Neighbours } from '~/domain/dashboard/types';
import { ExportLinks } from '~/components/dashboard/export-links';

/**
 * "Among neighbours": the coordinator's Dinas beside the other Dinas of its province, for
 * the same period, with its rank on each figure. Other Dinas show by name (public offices)
 * and with aggregates only.
 */
export function NeighboursSection({ neighbours, query }: { neighbours: Neighbours; query: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const locale = i18n.language;
  const n = (v: number) => formatCount(v, locale);
  const p = (v: number | null) => formatPercent(v, locale);
  const own = neighbours.rows.find((r) => r.dinasId === neighbours.ownId);
  const rank = (value: number | null) => (value === null ? t('neighbours.noRank') : t('neighbours.rank', { rank: value, count: neighbours.count }));
  return (
    <section aria-labelledby="neighbours-heading" className="neighbours">
      <h2 id="neighbours-heading">{t('neighbours.title')}</h2>
      <p className="hint">
        {neighbours.provinceCode
          ? t('neighbours.intro', { province: neighbours.provinceName ?? neighbours.provinceCode })
          : t('neighbours.noProvince')}
      </p>
      {neighbours.count <= 1 ? (
        <p className="muted">{t('neighbours.alone')}</p>
      ) : own ? (
        <ul className="neighbours-standing">
          <li>{t('neighbours.standing.competentRate', { rank: rank(own.ranks.competentRate) })}</li>
          <li>{t('neighbours.standing.participants', { rank: rank(own.ranks.participants) })}</li>
          <li>{t('neighbours.standing.attendanceRate', { rank: rank(own.ranks.attendanceRate) })}</li>
          <li>{t('neighbours.standing.certificates', { rank: rank(own.ranks.certificates) })}</li>
        </ul>
      ) : null}
      <div className="table-wrap">
        <table className="compact-table neighbours-table">
          <caption className="visually-hidden">{t('tables.neighbours')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('province.columns.dinas')}</th>
              <th scope="col">{t('figures.participants')}</th>
              <th scope="col">{t('figures.attendanceRate')}</th>
              <th scope="col">{t('figures.competentRate')}</th>
              <th scope="col">{t('province.columns.rankCompetentRate')}</th>
              <th scope="col">{t('province.columns.certificates')}</th>
              <th scope="col">{t('province.columns.activeCooperatives')}</th>
              <th scope="col">{t('province.columns.certifiedShare')}</th>
            </tr>
          </thead>
          <tbody>
            {neighbours.rows.map((r) => {
              const isOwn = r.dinasId === neighbours.ownId;
              return (
                <tr key={r.dinasId} className={isOwn ? 'own-dinas' : undefined} data-dinas={isOwn ? 'own' : 'neighbour'}>
                  <th scope="row">
                    {r.shortName ?? r.name}
                    {isOwn ? <span className="muted"> {t('neighbours.you')}</span> : null}
                  </th>
                  <td className="num">{n(r.participants)}</td>
                  <td className="num">{p(r.attendanceRate)}</td>
                  <td className="num">{p(r.competentRate)}</td>
                  <td className="num">{r.ranks.competentRate === null ? '–' : n(r.ranks.competentRate)}</td>
                  <td className="num">{n(r.certificates)}</td>
                  <td className="num">{n(r.activeCooperatives)}</td>
                  <td className="num">{p(r.certifiedShare)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ExportLinks table="neighbours" query={query} label={t('tables.neighbours')} />
    </section>
  );
}
