// Demo data of the patrol module: a plan with morning/evening peaks and school times over the
// demo county, and a scheduled route. Beat designs are run by the planner (a few seconds).
import { sql } from 'kysely';
import { systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { createRoute, savePlan } from './plan.service.ts';

/** Seeds the demo plan and route (once). */
export async function seedPatrolDemo(services: CoreServices): Promise<void> {
  const existing = await sql`SELECT 1 FROM patrol_plans LIMIT 1`.execute(services.database.db);
  if (existing.rows.length > 0) return;
  const actor = systemActor('demo');
  const plan = await savePlan(services, actor, {
    name: 'Weekday peaks and schools',
    windows: [
      { id: 'am', label: 'Morning peak 07:00-09:00', days: [1, 2, 3, 4, 5], start: '07:00', end: '09:00' },
      { id: 'pm', label: 'Evening peak 17:00-19:00', days: [1, 2, 3, 4, 5], start: '17:00', end: '19:00' },
      {
        id: 'school-in',
        label: 'School start 07:30-08:15',
        days: [1, 2, 3, 4, 5],
        start: '07:30',
        end: '08:15',
      },
      {
        id: 'school-out',
        label: 'School end 16:00-16:45',
        days: [1, 2, 3, 4, 5],
        start: '16:00',
        end: '16:45',
      },
    ],
    points: [
      {
        id: 'station',
        name: 'Donghu bus station',
        lon: 113.85,
        lat: 22.62,
        radiusM: 150,
        minutes: 60,
        windowIds: ['am', 'pm'],
      },
      {
        id: 'school',
        name: 'Xishan primary school',
        lon: 113.95,
        lat: 22.6,
        radiusM: 100,
        minutes: 30,
        windowIds: ['school-in', 'school-out'],
      },
      {
        id: 'market',
        name: 'Nangang market',
        lon: 114.05,
        lat: 22.66,
        radiusM: 200,
        minutes: 45,
        windowIds: ['pm'],
      },
    ],
  });
  const day = new Date(Date.UTC(2026, 0, 5));
  const at = (h: number, m: number) => new Date(day.getTime() + (h * 60 + m) * 60_000).toISOString();
  await createRoute(services, actor, {
    name: 'Morning route Donghu-Xishan',
    unitCode: 'P-101',
    planId: plan.id,
    checkIns: [
      { id: 'station', lon: 113.85, lat: 22.62, radiusM: 150, windowStart: at(7, 0), windowEnd: at(7, 30) },
      { id: 'school', lon: 113.95, lat: 22.6, radiusM: 100, windowStart: at(7, 30), windowEnd: at(8, 15) },
    ],
  });
}
