import type { InjectOptions } from 'fastify';
import type { Client, TestApp } from '../test/harness.ts';

/** A site and the API token its server posts with: a manager's of the site's unit. */
export interface SiteWithServer { id: string; siteKey: string; unitId: string; token: string }

/** Registers a site as the given manager and mints the token that manager hands the site's server. */
export async function siteWithServer(t: TestApp, username: string, site: { name: string; allowedOrigins: string[] }): Promise<SiteWithServer> {
  const manager = await t.as(username);
  const created = await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: site });
  if (created.statusCode !== 201) throw new Error(created.body);
  const token = (await manager({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: `${site.name}的服务器` } })).json().token as string;
  const { id, siteKey, unitId } = created.json();
  return { id, siteKey, unitId, token };
}

/** Requests as the site's server makes them: its bearer token, no cookie. */
export const siteServer = (t: TestApp, site: SiteWithServer): Client => (options: InjectOptions) =>
  t.app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${site.token}` } });
