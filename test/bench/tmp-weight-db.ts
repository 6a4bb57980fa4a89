import { migrateToLatest } from '~db/migrate';
import { openPostgres } from '~/lib/db.server';
import { seedDemoData } from '~/server/demo-seed';
import { addNationalData } from './national-data';
const handle = await openPostgres('postgres://postgres@127.0.0.1:5432/kompeten_weight_plans');
await migrateToLatest(handle.db);
await seedDemoData(handle.db);
await addNationalData(handle.db, { dinas: 40, cooperatives: 6_000, demoDinasCooperatives: 80, people: 30_000, endedPositions: 5_000, users: 3_000, cohorts: 1_000, enrollmentsPerCohort: 20, certificates: 12_000, auditRows: 40_000 });
await handle.close();
