import { sql, type Kysely } from 'kysely';

/**
 * `dinas_users`: the users each Dinas's coordinators administer ("its world", see
 * `usersOfDinas` in app/lib/dinas-scope.server.ts), kept by the database as roles, rosters,
 * accounts and cooperatives change. Worked out per request, the world read every position
 * on the Dinas's rosters and looked its person up among the users: 31 ms for a Dinas with
 * 7,700 positions at national scale, ahead of every statement of `/users` and `/audit`.
 *
 * A user belongs to a Dinas's world when they hold a role it granted, a coordinator role in
 * it, or a role in one of its cooperatives, or when their person is on one of its
 * cooperatives' rosters. `dinas_users_refresh(ids)` works that out again for some users; the
 * triggers below call it with the users a statement touched, so no write path can forget
 * it. It locks those users' rows first (in id order): two transactions changing one user's
 * world take turns, and the second works it out with the first one's change in view.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table dinas_users (
    dinas_id uuid not null references institutions (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    primary key (dinas_id, user_id)
  )`.execute(db);
  await sql`create index dinas_users_user_id_idx on dinas_users (user_id)`.execute(db);

  await sql`create function dinas_users_refresh(ids uuid[]) returns void language plpgsql as $$
    begin
      if ids is null or cardinality(ids) = 0 then return; end if;
      perform 1 from users where id = any(ids) order by id for no key update;
      delete from dinas_users where user_id = any(ids);
      insert into dinas_users (dinas_id, user_id)
        select r.granted_by_dinas_id, r.user_id from user_roles r
          where r.user_id = any(ids) and r.granted_by_dinas_id is not null
        union
        select r.institution_id, r.user_id from user_roles r
          where r.user_id = any(ids) and r.role = 'coordinator' and r.institution_id is not null
        union
        select c.dinas_id, r.user_id from user_roles r join cooperatives c on c.id = r.cooperative_id
          where r.user_id = any(ids)
        union
        select c.dinas_id, u.id from users u
          join staff_positions sp on sp.person_id = u.person_id
          join cooperatives c on c.id = sp.cooperative_id
          where u.id = any(ids);
    end $$`.execute(db);

  // Roles: the users of the rows a statement inserted, changed or deleted.
  await sql`create function dinas_users_roles_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform dinas_users_refresh(array(select distinct user_id from new_rows));
      elsif tg_op = 'UPDATE' then
        perform dinas_users_refresh(array(select user_id from new_rows union select user_id from old_rows));
      else
        perform dinas_users_refresh(array(select distinct user_id from old_rows));
      end if;
      return null;
    end $$`.execute(db);
  // Rosters: the users whose people are on the positions a statement touched (most people on
  // a roster have no account: an import of thousands of positions refreshes none).
  await sql`create function dinas_users_positions_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform dinas_users_refresh(array(select u.id from users u where u.person_id in (select person_id from new_rows)));
      elsif tg_op = 'UPDATE' then
        perform dinas_users_refresh(array(select u.id from users u
          where u.person_id in (select person_id from new_rows union select person_id from old_rows)));
      else
        perform dinas_users_refresh(array(select u.id from users u where u.person_id in (select person_id from old_rows)));
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function dinas_users_accounts_inserted() returns trigger language plpgsql as $$
    begin
      perform dinas_users_refresh(array(select id from new_rows where person_id is not null));
      return null;
    end $$`.execute(db);
  await sql`create function dinas_users_user_relinked() returns trigger language plpgsql as $$
    begin
      perform dinas_users_refresh(array[new.id]);
      return null;
    end $$`.execute(db);
  // A cooperative moved to another Dinas takes its admins and its roster's users along.
  await sql`create function dinas_users_cooperative_moved() returns trigger language plpgsql as $$
    begin
      perform dinas_users_refresh(array(
        select r.user_id from user_roles r where r.cooperative_id = new.id
        union
        select u.id from staff_positions sp join users u on u.person_id = sp.person_id where sp.cooperative_id = new.id));
      return null;
    end $$`.execute(db);

  for (const op of ['insert', 'update', 'delete'] as const) {
    const referencing = op === 'insert' ? 'new table as new_rows' : op === 'delete' ? 'old table as old_rows' : 'new table as new_rows old table as old_rows';
    await sql`create trigger ${sql.raw(`dinas_users_roles_${op}`)} after ${sql.raw(op)} on user_roles
      referencing ${sql.raw(referencing)} for each statement execute function dinas_users_roles_changed()`.execute(db);
    await sql`create trigger ${sql.raw(`dinas_users_positions_${op}`)} after ${sql.raw(op)} on staff_positions
      referencing ${sql.raw(referencing)} for each statement execute function dinas_users_positions_changed()`.execute(db);
  }
  await sql`create trigger dinas_users_accounts_insert after insert on users
    referencing new table as new_rows for each statement execute function dinas_users_accounts_inserted()`.execute(db);
  await sql`create trigger dinas_users_user_relink after update of person_id on users
    for each row when (old.person_id is distinct from new.person_id) execute function dinas_users_user_relinked()`.execute(db);
  await sql`create trigger dinas_users_cooperative_move after update of dinas_id on cooperatives
    for each row when (old.dinas_id is distinct from new.dinas_id) execute function dinas_users_cooperative_moved()`.execute(db);

  await sql`select dinas_users_refresh(array(select id from users))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const op of ['insert', 'update', 'delete']) {
    await sql`drop trigger if exists ${sql.raw(`dinas_users_roles_${op}`)} on user_roles`.execute(db);
    await sql`drop trigger if exists ${sql.raw(`dinas_users_positions_${op}`)} on staff_positions`.execute(db);
  }
  await sql`drop trigger if exists dinas_users_accounts_insert on users`.execute(db);
  await sql`drop trigger if exists dinas_users_user_relink on users`.execute(db);
  await sql`drop trigger if exists dinas_users_cooperative_move on cooperatives`.execute(db);
  for (const fn of ['roles_changed', 'positions_changed', 'accounts_inserted', 'user_relinked', 'cooperative_moved']) {
    await sql`drop function if exists ${sql.raw(`dinas_users_${fn}`)}()`.execute(db);
  }
  await sql`drop function if exists dinas_users_refresh(uuid[])`.execute(db);
  await sql`drop table if exists dinas_users`.execute(db);
}
