import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/index.ts';
import { freshDatabase } from '../test/harness.ts';
import { loadDemoCustomers, startDemo } from './index.ts';
import { demoSiteKey, demoSiteVisitors, loadDemoSite } from './site.ts';
import { demoSurveyKey, demoSurveyResponses } from './survey.ts';
import { checkAnswers } from '../tracking/surveys-answers.ts';
import { trackingSurveyResponses, trackingSurveys } from '../tracking/schema.ts';
import { eq } from 'drizzle-orm';

const opened: Database[] = [];
afterAll(async () => { for (const d of opened) await d.close(); });

const visitorsOf = (database: Database) => rows<{ visitor_id: string; customer_id: string | null; sessions: number; first_seen_at: Date | string; last_seen_at: Date | string;
  events: number; top_session: number; first_event: Date | string; last_event: Date | string }>(database.db, sql`
  select v.visitor_id, v.customer_id, v.sessions, v.first_seen_at, v.last_seen_at, count(e.*)::int as events, max(e.session_number) as top_session,
    min(e.occurred_at) as first_event, max(e.occurred_at) as last_event
  from tracking_visitors v join tracking_sites s on s.id = v.site_id and s.site_key = ${demoSiteKey}
  join tracking_events e on e.site_id = v.site_id and e.visitor_id = v.visitor_id
  group by v.site_id, v.visitor_id order by v.visitor_id`);

describe('the demo site', () => {
  it('comes with the demo load: thousands of visitors over 30 days, sessions as ingest counts them, some of them Changsha customers', async () => {
    const database = await freshDatabase();
    opened.push(database);
    const now = Date.now();
    const { org } = await startDemo(database.db, 300);
    await loadDemoCustomers(database.db, org, { customersWanted: 300, customersLoaded: 0 });
    const visitors = await visitorsOf(database);
    expect(visitors).toHaveLength(demoSiteVisitors);
    for (const v of visitors) {
      expect(v.top_session).toBe(v.sessions);
      expect(new Date(v.first_seen_at).getTime()).toBe(new Date(v.first_event).getTime());
      expect(new Date(v.last_seen_at).getTime()).toBe(new Date(v.last_event).getTime());
      expect(new Date(v.first_seen_at).getTime()).toBeGreaterThan(now - 31 * 86_400_000);
      expect(new Date(v.last_seen_at).getTime()).toBeLessThanOrEqual(Date.now());
    }
    expect(visitors.filter((v) => v.sessions > 1).length).toBeGreaterThan(demoSiteVisitors / 4);
    // Each identified visitor is a customer of the site's unit (Changsha), with the identification on their timeline.
    const identified = await rows<{ unit_ok: boolean; entries: number }>(database.db, sql`
      select c.unit_id in (select id from org_units where parent_id = s.unit_id) as unit_ok,
        (select count(*)::int from interactions i where i.customer_id = c.id and i.type = 'web.identified') as entries
      from tracking_visitors v join tracking_sites s on s.id = v.site_id and s.site_key = ${demoSiteKey} join customers c on c.id = v.customer_id`);
    expect(identified.length).toBe(demoSiteVisitors / 20);
    expect(identified.every((c) => c.unit_ok && c.entries >= 1)).toBe(true);
    const [sources] = await rows<{ campaigns: number; searches: number; carts: number }>(database.db, sql`
      select count(distinct utm_campaign)::int as campaigns, count(*) filter (where query is not null)::int as searches,
        count(*) filter (where name = 'add_to_cart')::int as carts from tracking_events`);
    expect(sources.campaigns).toBeGreaterThanOrEqual(3);
    expect(sources.searches).toBeGreaterThan(100);
    expect(sources.carts).toBeGreaterThan(100);

    // An open survey on the shop's site, its answers all ones the survey's own page would have taken, over the last 30 days.
    const [survey] = await database.db.select().from(trackingSurveys).where(eq(trackingSurveys.key, demoSurveyKey));
    expect(survey).toMatchObject({ status: 'open' });
    const answered = await database.db.select().from(trackingSurveyResponses).where(eq(trackingSurveyResponses.surveyId, survey.id));
    expect(answered).toHaveLength(demoSurveyResponses);
    for (const r of answered) {
      expect(() => checkAnswers(survey.questions, r.answers)).not.toThrow();
      expect(r.submittedAt.getTime()).toBeGreaterThan(now - 31 * 86_400_000);
      expect(r.submittedAt.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it('resumes a stopped load with exactly the visitors a whole load has', async () => {
    const [whole, stopped] = [await freshDatabase(), await freshDatabase()];
    opened.push(whole, stopped);
    const now = Date.now();
    const a = await startDemo(whole.db, 20);
    await loadDemoSite(whole.db, a.org, { now, visitors: 1200 });
    const b = await startDemo(stopped.db, 20);
    const stop = new Error('stopped');
    let chunks = 0;
    // isBusy is asked before each chunk: the third ask is a stop after two whole chunks.
    await expect(loadDemoSite(stopped.db, b.org, { now, visitors: 1200, isBusy: () => { if (++chunks === 3) throw stop; return false; } })).rejects.toBe(stop);
    expect(await visitorsOf(stopped)).toHaveLength(1000);
    await loadDemoSite(stopped.db, b.org, { now, visitors: 1200 });
    const strip = (list: Awaited<ReturnType<typeof visitorsOf>>) => list.map(({ customer_id: _c, ...v }) => v);
    expect(strip(await visitorsOf(stopped))).toEqual(strip(await visitorsOf(whole)));
  });
});
