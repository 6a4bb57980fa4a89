import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requireActor } from '~/lib/auth.server';
import { projectorPage, type ProjectorCredential } from '~/domain/attendance/check-in-projector.server';
import { i18nServer } from '~/lib/i18n.server';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import styles from '~/styles/projector.css';

/**
 * The check-in screen projected in the hall: a QR code that rotates every 30 seconds and
 * the same credential as a short code to type. With JavaScript it fetches the next one in
 * place (`./projector.json`); without, the page refreshes itself when the code changes.
 */
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data ? `${data.session.title} — ${data.cohort.name}` : null);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const page = await projectorPage(context.db, actor, { cohortId: params.cohortId ?? '', sessionId: params.sessionId ?? '', locale });
  const checkInAddress = new URL(page.credential.url);
  return {
    ...page,
    checkInPage: `${checkInAddress.host}${checkInAddress.pathname}`,
    // One second after the step ends, so the reload surely gets the next code.
    noScriptRefreshSeconds: page.credential.secondsLeft + 1,
  };
});

const STEP_SECONDS = 30;

/** The credential on screen and the seconds until it changes; with JavaScript, renewed in place. */
function useRotatingCredential(first: ProjectorCredential, refreshUrl: string) {
  const [credential, setCredential] = useState(first);
  const [secondsLeft, setSecondsLeft] = useState(first.secondsLeft);
  const [live, setLive] = useState(false);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    setLive(true);
    // The server's clock decides; count down from what it said, by this device's monotonic clock.
    let deadline = performance.now() + first.secondsLeft * 1000;
    let fetching = false;
    let cancelled = false;
    const tick = async () => {
      const left = Math.ceil((deadline - performance.now()) / 1000);
      setSecondsLeft(Math.max(0, left));
      if (left > 0 || fetching) return;
      fetching = true;
      try {
        const response = await fetch(refreshUrl, { headers: { Accept: 'application/json' } });
        if (!response.ok) throw new Error(String(response.status));
        const next = (await response.json()) as ProjectorCredential;
        if (cancelled) return;
        deadline = performance.now() + next.secondsLeft * 1000;
        setCredential(next);
        setSecondsLeft(next.secondsLeft);
        setStale(false);
      } catch {
        // The hall's network hiccuped: say so and try again in a few seconds.
        setStale(true);
        deadline = performance.now() + 3000;
      } finally {
        fetching = false;
      }
    };
    const timer = window.setInterval(() => void tick(), 250);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [first.secondsLeft, refreshUrl]);
  return { credential, secondsLeft, live, stale };
}

export default function Projector() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('checkin');
  const refreshUrl = `/cohorts/${data.cohort.id}/sessions/${data.session.id}/projector.json`;
  const { credential, secondsLeft, live, stale } = useRotatingCredential(data.credential, refreshUrl);
  const barWidth = (Math.min(secondsLeft, STEP_SECONDS) / STEP_SECONDS) * 100;
  return (
    <section className="projector" aria-labelledby="projector-title">
      <header className="projector-head">
        <h1 id="projector-title">{data.session.title}</h1>
        <p>
          {data.cohort.programTitle} — {data.cohort.name}
        </p>
        <p>
          {data.session.day}, {data.session.time}
        </p>
      </header>
      <div className="projector-body">
        <div className="projector-qr-frame" data-url={credential.url}>
          <svg
            className="projector-qr"
            viewBox={`0 0 ${credential.qr.viewBox} ${credential.qr.viewBox}`}
            role="img"
            aria-label={t('projector.qrLabel')}
            shapeRendering="crispEdges"
          >
            <rect width={credential.qr.viewBox} height={credential.qr.viewBox} fill="#fff" />
            <path d={credential.qr.path} fill="#000" />
          </svg>
        </div>
        <div className="projector-side">
          <p className="projector-how">{t('projector.scan')}</p>
          <p className="projector-how">{t('projector.orType', { page: data.checkInPage })}</p>
          <p className="projector-code">
            <span className="visually-hidden">{t('projector.codeLabel')}: </span>
            <span className="projector-code-value">{credential.code}</span>
          </p>
          <p className="projector-countdown" aria-live="off">
            {t('projector.rotatesIn', { count: secondsLeft })}
          </p>
          <svg className="projector-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true">
            <rect width="100" height="4" fill="#d0d6de" />
            <rect key={credential.rotatesAt} width={barWidth} height="4" fill="#0b5c8a">
              {live ? null : <animate attributeName="width" from={barWidth} to="0" dur={`${secondsLeft}s`} fill="freeze" />}
            </rect>
          </svg>
          {stale ? (
            <p className="projector-warning" role="status">
              {t('projector.offline')}
            </p>
          ) : null}
          <p className={`projector-window projector-window-${data.window.state}`}>
            {data.window.state === 'notOpenYet'
              ? t('projector.window.notOpenYet', { when: data.window.opensAt })
              : data.window.state === 'ended'
                ? t('projector.window.ended', { time: data.window.endsAt })
                : t('projector.window.open', { time: data.window.endsAt })}
          </p>
        </div>
      </div>
      <p className="projector-exit">
        <Link to={`/cohorts/${data.cohort.id}/manage`}>{t('projector.back')}</Link>
      </p>
    </section>
  );
}
