import { useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';

/** How often the progress page looks again while a batch commits. */
export const REFRESH_SECONDS = 2;

/**
 * While the batch commits the page looks again every two seconds. With JavaScript it
 * revalidates its data, one request at a time, and only while nothing else is loading (a
 * click elsewhere is never raced); the timer goes with the page. Without JavaScript the
 * <noscript> meta refresh reloads it; with JavaScript that element is inert, so the
 * browser never reloads the page under a running navigation.
 */
export function useRefreshWhileCommitting(committing: boolean) {
  const { revalidate, state } = useRevalidator();
  const navigation = useNavigation();
  const idle = state === 'idle' && navigation.state === 'idle';
  useEffect(() => {
    if (!committing || !idle) return;
    const timer = window.setTimeout(() => {
      // A revalidation interrupted by a navigation is simply dropped.
      void Promise.resolve(revalidate()).catch(() => {});
    }, REFRESH_SECONDS * 1000);
    return () => window.clearTimeout(timer);
  }, [committing, idle, revalidate]);
}
