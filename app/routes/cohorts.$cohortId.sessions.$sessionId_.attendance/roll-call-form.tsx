import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, useNavigation, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceMethod, AttendanceStatus } from '~db/schema';
import { ErrorList } from '~/components/field';
import type { SessionPhase } from '~/domain/attendance/rules';
import { ATTENDANCE_STATUSES, RollCallSchema } from '~/domain/attendance/schemas';
import { readQueue, sendQueue, writeQueue, type QueuedMark } from './device-queue';

export interface RollCallRowView {
  enrollmentId: string;
  name: string;
  cooperativeName: string | null;
  nextMarkId: string;
  current: { status: AttendanceStatus; note: string | null; method: AttendanceMethod; byName: string | null; at: string; markedAt: string } | null;
  conflicts: { status: AttendanceStatus; byName: string | null; at: string }[];
}

interface Choice {
  status: AttendanceStatus | '';
  note: string;
  /** When this device last changed the row (ISO): the time its mark was made. */
  changedAt: string | null;
}

const RETRY_MS = 10_000;

/**
 * The roll call: one fieldset per confirmed participant, one submit for all. Without
 * JavaScript it is a plain form. With JavaScript a submit puts the marks on the device first
 * ("belum terkirim") and sends them; when the network is down they wait and go when it is
 * back (the `online` event, and a retry every few seconds).
 */
export function RollCallForm({
  cohortId,
  sessionId,
  phase,
  prefill,
  rows,
  lastResult,
}: {
  cohortId: string;
  sessionId: string;
  phase: SessionPhase;
  prefill: boolean;
  rows: RollCallRowView[];
  lastResult: SubmissionResult<string[]> | null;
}) {
  const { t } = useTranslation('attendance');
  const busy = useNavigation().state === 'submitting';
  const revalidator = useRevalidator();
  const base = `/cohorts/${cohortId}/sessions/${sessionId}/attendance`;
  const [form, fields] = useForm({
    id: 'roll-call',
    lastResult,
    constraint: getZodConstraint(RollCallSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RollCallSchema }),
  });
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(rows.map((r) => [r.enrollmentId, { status: prefill ? 'present' : (r.current?.status ?? ''), note: r.current?.note ?? '', changedAt: prefill ? new Date().toISOString() : null }])),
  );
  const [hydrated, setHydrated] = useState(false);
  const [queue, setQueue] = useState<QueuedMark[]>([]);
  const [state, setState] = useState<'idle' | 'sending' | 'offline' | 'sent'>('idle');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState(false);
  const sending = useRef(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const flush = useCallback(async () => {
    const pending = readQueue(sessionId);
    if (!pending.length || sending.current) return;
    sending.current = true;
    setState('sending');
    const outcome = await sendQueue(`${base}/marks`, pending);
    sending.current = false;
    if (outcome.kind === 'offline') {
      setState('offline');
      return;
    }
    // Whatever was added while this batch travelled stays for the next one.
    const sentIds = new Set(pending.map((m) => m.id));
    const rest = readQueue(sessionId).filter((m) => !sentIds.has(m.id));
    writeQueue(sessionId, rest);
    setQueue(rest);
    setState(outcome.kind === 'sent' ? 'sent' : 'idle');
    setRefusal(outcome.kind === 'refused' ? outcome.message : null);
    revalidator.revalidate();
  }, [base, sessionId, revalidator]);

  useEffect(() => {
    setHydrated(true);
    setQueue(readQueue(sessionId));
    void flush();
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(() => {
      if (readQueue(sessionId).length) void flush();
    }, RETRY_MS);
    return () => {
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId]);

  // Fresh marks from the server (after sending): rows this device has not touched since show them.
  const drawn = useRef(rows);
  useEffect(() => {
    if (drawn.current === rows) return;
    drawn.current = rows;
    setChoices((all) =>
      Object.fromEntries(
        rows.map((r) => {
          const c = all[r.enrollmentId];
          return [r.enrollmentId, c?.changedAt ? c : { status: r.current?.status ?? '', note: r.current?.note ?? '', changedAt: null }];
        }),
      ),
    );
  }, [rows]);

  const choose = (enrollmentId: string, change: Partial<Choice>) =>
    setChoices((all) => ({ ...all, [enrollmentId]: { ...all[enrollmentId]!, ...change, changedAt: new Date().toISOString() } }));

  const markAllPresent = (event: React.MouseEvent) => {
    if (!hydrated) return; // without JavaScript the button asks the server for a pre-filled page
    event.preventDefault();
    const at = new Date().toISOString();
    setChoices((all) => Object.fromEntries(Object.entries(all).map(([id, c]) => [id, { ...c, status: 'present', changedAt: at }])));
  };

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = reasonRef.current?.value.trim() ?? '';
    const marks: QueuedMark[] = [];
    for (const row of rows) {
      const c = choices[row.enrollmentId]!;
      if (!c.status || !c.changedAt) continue;
      if (row.current && row.current.status === c.status && (row.current.note ?? '') === c.note.trim()) continue;
      marks.push({ id: crypto.randomUUID(), enrollmentId: row.enrollmentId, status: c.status, note: c.note.trim() || null, markedAt: c.changedAt, correctionReason: reason || null });
    }
    if (phase === 'correcting' && marks.length && !reason) {
      setReasonError(true);
      reasonRef.current?.focus();
      return;
    }
    setReasonError(false);
    const next = [...readQueue(sessionId), ...marks];
    writeQueue(sessionId, next);
    setQueue(next);
    setChoices((all) => Object.fromEntries(Object.entries(all).map(([id, c]) => [id, { ...c, changedAt: null }])));
    void flush();
  };

  const pendingOf = (enrollmentId: string) => queue.filter((m) => m.enrollmentId === enrollmentId).at(-1);
  const closed = phase === 'notOpen' || phase === 'closed';

  return (
    <>
      {closed ? null : (
        <Form method="get" className="actions">
          <button type="submit" name="prefill" value="present" className="button secondary" onClick={markAllPresent}>
            {t('rollCall.allPresent')}
          </button>
        </Form>
      )}
      <p role="status" aria-live="polite" className="roll-call-status">
        {queue.length ? t(state === 'sending' ? 'rollCall.sending' : 'rollCall.waiting', { count: queue.length }) : state === 'sent' ? t('rollCall.sent') : null}
      </p>
      <ErrorList errors={refusal ? [refusal] : null} />
      <Form method="post" {...getFormProps(form)} onSubmit={hydrated ? onSubmit : form.onSubmit}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <ol className="roll-call-list">
          {rows.map((row, index) => {
            const c = choices[row.enrollmentId]!;
            const pending = pendingOf(row.enrollmentId);
            const name = `marks[${index}]`;
            return (
              <li key={row.enrollmentId}>
                <fieldset disabled={closed}>
                  <legend>
                    <strong>{row.name}</strong>
                    {row.cooperativeName ? <span className="hint"> — {row.cooperativeName}</span> : null}
                  </legend>
                  <input type="hidden" name={`${name}.id`} value={row.nextMarkId} />
                  <input type="hidden" name={`${name}.enrollmentId`} value={row.enrollmentId} />
                  <div className="status-choices">
                    {ATTENDANCE_STATUSES.map((status) => (
                      <label key={status} className={`status-choice status-${status}`}>
                        <input
                          type="radio"
                          name={`${name}.status`}
                          value={status}
                          checked={c.status === status}
                          onChange={() => choose(row.enrollmentId, { status })}
                        />{' '}
                        {t(`status.${status}`)}
                      </label>
                    ))}
                  </div>
                  <label className="note-field">
                    <span>{t('rollCall.note')}</span>{' '}
                    <input type="text" name={`${name}.note`} maxLength={500} value={c.note} onChange={(e) => choose(row.enrollmentId, { note: e.target.value })} />
                  </label>
                  <p className="hint mark-facts">
                    {row.current
                      ? t('rollCall.current', { status: t(`status.${row.current.status}`), method: t(`method.${row.current.method}`), at: row.current.at, by: row.current.byName ?? '—' })
                      : t('rollCall.noMark')}
                    {pending ? (
                      <>
                        {' '}
                        <span className="badge badge-sending">{t('rollCall.notSent', { status: t(`status.${pending.status}`) })}</span>
                      </>
                    ) : null}
                  </p>
                  {row.conflicts.map((x, i) => (
                    <p key={i} className="conflict">
                      {t('rollCall.conflict', { status: t(`status.${x.status}`), by: x.byName ?? '—', at: x.at })}
                    </p>
                  ))}
                </fieldset>
              </li>
            );
          })}
        </ol>
        {phase === 'correcting' ? (
          <div className="field">
            <label htmlFor="correction-reason">{t('rollCall.correctionReason')}</label>
            <p id="correction-reason-hint" className="hint">
              {t('rollCall.correctionHint')}
            </p>
            <textarea
              ref={reasonRef}
              id="correction-reason"
              name={fields.correctionReason.name}
              maxLength={500}
              aria-describedby="correction-reason-hint"
              aria-invalid={reasonError || fields.correctionReason.errors?.length ? true : undefined}
            />
            <ErrorList errors={reasonError ? ['attendance:rollCall.reasonRequired'] : fields.correctionReason.errors} />
          </div>
        ) : null}
        {closed ? null : (
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {t('rollCall.save')}
            </button>
          </div>
        )}
      </Form>
    </>
  );
}
