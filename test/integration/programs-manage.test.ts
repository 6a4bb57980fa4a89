import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { NotFoundError, ValidationError } from '~/lib/errors';
import { createProgram, getProgram, listPrograms, updateProgram } from '~/domain/programs/programs.server';
import type { ProgramInput } from '~/domain/programs/schemas';
import { actorFor, demoDatabase, type DemoIds } from '../support/cohorts-fixtures';
import { createUser } from '../support/accounts-fixtures';

let handle: DatabaseHandle;
let ids: DemoIds;
let coordinator: Awaited<ReturnType<typeof actorFor>>;

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
});
afterAll(() => handle.close());

const program = (over: Partial<ProgramInput> = {}): ProgramInput => ({
  code: 'MANAJER-KSP',
  title: 'Pelatihan Manajer KSP',
  schemeName: 'Skema Manajer KSP',
  competencyStandard: 'SKKNI Kepmenaker 189/2019',
  attendanceMinPercent: 80,
  targetPositions: 'Manajer\nKetua',
  competencyValidityMonths: 36,
  certificateNumberPattern: '{program}/{year}/{seq:4}',
  defaultInstituteId: ids.instituteId,
  defaultCertificationBodyId: ids.lspId,
  units: [
    { code: 'M.1', title: 'Menyusun rencana' },
    { code: 'M.2', title: 'Mengelola risiko' },
  ],
  days: [
    { kind: 'training', title: 'Manajemen', topics: 'Rencana kerja', startsAtTime: '08:00', endsAtTime: '16:00' },
    { kind: 'exam', title: 'Uji', startsAtTime: '08:00', endsAtTime: '12:00' },
  ],
  ...over,
});

describe('programs', () => {
  it('creates a program with ordered units and a day plan of any length', async () => {
    const { id } = await createProgram(handle.db, coordinator, program());
    const saved = await getProgram(handle.db, coordinator, id);
    expect(saved).toMatchObject({
      code: 'MANAJER-KSP',
      attendanceMinPercent: 80,
      targetPositions: ['Manajer', 'Ketua'],
      defaultInstituteId: ids.instituteId,
      units: [
        { position: 1, code: 'M.1' },
        { position: 2, code: 'M.2' },
      ],
      days: [
        { dayNumber: 1, kind: 'training', startsAtTime: '08:00', endsAtTime: '16:00' },
        { dayNumber: 2, kind: 'exam', startsAtTime: '08:00', endsAtTime: '12:00' },
      ],
    });
    expect(await handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()).toEqual([{ action: 'program.created' }]);
  });

  it('refuses a code already used in the Dinas, without saving', async () => {
    const before = (await listPrograms(handle.db, coordinator, { page: 1, pageSize: 50, offset: 0, sort: 'code', dir: 'asc' })).total;
    await expect(createProgram(handle.db, coordinator, program({ code: 'kabag-pmb' }))).rejects.toThrow(ValidationError);
    try {
      await createProgram(handle.db, coordinator, program({ code: 'kabag-pmb' }));
    } catch (error) {
      expect((error as ValidationError).fieldErrors).toEqual({ code: ['programs:errors.codeTaken'] });
    }
    expect((await listPrograms(handle.db, coordinator, { page: 1, pageSize: 50, offset: 0, sort: 'code', dir: 'asc' })).total).toBe(before);
  });

  it('reorders and renames units in place, keeping their ids, and replaces the day plan', async () => {
    const { id } = await createProgram(handle.db, coordinator, program({ code: 'URUT-1' }));
    const before = await getProgram(handle.db, coordinator, id);
    const [u1, u2] = before.units;
    await updateProgram(
      handle.db,
      coordinator,
      id,
      program({
        code: 'URUT-1',
        units: [
          { id: u2!.id, code: 'M.1', title: 'Mengelola risiko (kode ditukar)' },
          { id: u1!.id, code: 'M.2', title: 'Menyusun rencana' },
          { code: 'M.3', title: 'Unit baru' },
        ],
        days: [{ kind: 'exam', title: 'Uji saja', startsAtTime: '09:00', endsAtTime: '11:00' }],
      }),
    );
    const after = await getProgram(handle.db, coordinator, id);
    expect(after.units.map((u) => [u.id === u2!.id ? 'was2' : u.id === u1!.id ? 'was1' : 'new', u.position, u.code])).toEqual([
      ['was2', 1, 'M.1'],
      ['was1', 2, 'M.2'],
      ['new', 3, 'M.3'],
    ]);
    expect(after.days).toEqual([{ dayNumber: 1, kind: 'exam', title: 'Uji saja', topics: null, startsAtTime: '09:00', endsAtTime: '11:00' }]);
  });

  it('keeps a unit that exam results already use', async () => {
    const demo = await getProgram(handle.db, coordinator, ids.programId);
    // The demo's exam results (entered through the grid by the seed) use every unit of the program.
    const used = await handle.db
      .selectFrom('assessment_unit_results')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('competency_unit_id', '=', demo.units[0]!.id)
      .executeTakeFirstOrThrow();
    expect(Number(used.n)).toBeGreaterThan(0);
    const input = program({
      code: demo.code,
      units: demo.units.slice(1).map((u) => ({ id: u.id, code: u.code, title: u.title })),
    });
    await expect(updateProgram(handle.db, coordinator, ids.programId, input)).rejects.toThrow(
      expect.objectContaining({ fieldErrors: { units: ['programs:errors.unitInUse'] } }),
    );
    expect((await getProgram(handle.db, coordinator, ids.programId)).units).toHaveLength(6);
  });

  it("another Dinas's coordinator neither sees nor edits the program", async () => {
    const dinas = await handle.db.insertInto('institutions').values({ kind: 'dinas', name: 'Dinas Lain Uji Program' }).returning('id').executeTakeFirstOrThrow();
    await createUser(handle.db, { email: 'koord.program@contoh.test', roles: [{ role: 'coordinator', institutionId: dinas.id }] });
    const stranger = await actorFor(handle.db, 'koord.program@contoh.test');
    await expect(getProgram(handle.db, stranger, ids.programId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateProgram(handle.db, stranger, ids.programId, program())).rejects.toBeInstanceOf(NotFoundError);
    expect((await listPrograms(handle.db, stranger, { page: 1, pageSize: 50, offset: 0, sort: 'code', dir: 'asc' })).total).toBe(0);
    const participant = await actorFor(handle.db, 'peserta@kompeten.test');
    await expect(listPrograms(handle.db, participant, { page: 1, pageSize: 50, offset: 0, sort: 'code', dir: 'asc' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
