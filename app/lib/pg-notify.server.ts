import pg from 'pg';

export interface NotificationListener {
  close(): Promise<void>;
}

/**
 * LISTENs on a PostgreSQL channel over a connection of its own and calls `onNotify` for
 * each notification (NOTIFY is delivered at commit, so what it announces is visible). If the
 * connection drops it reconnects after `retryMs`; the caller's polling covers the gap.
 */
export function listenForNotifications(
  url: string,
  channel: string,
  onNotify: () => void,
  options: { retryMs?: number; onError?: (error: unknown) => void } = {},
): NotificationListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Bad channel name: ${channel}`);
  const retryMs = options.retryMs ?? 5_000;
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
  };

  async function connect() {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    next.on('error', (error) => {
      options.onError?.(error);
      next.end().catch(() => undefined);
      if (client === next) client = null;
      scheduleReconnect();
    });
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      // Something may have been queued while we were not listening.
      onNotify();
    } catch (error) {
      options.onError?.(error);
      await next.end().catch(() => undefined);
      scheduleReconnect();
    }
  }

  void connect();
  return {
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
