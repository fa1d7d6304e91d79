import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { Client, TestApp } from './harness.ts';
import { writtenState } from './written.ts';

/** One row of a bad-input table: what is sent, and the refusal it must get. */
export interface Refusal {
  name: string;
  request: InjectOptions;
  status: number;
  /** The field the problem names; undefined for a record that is not found. */
  field: string | undefined;
}

/**
 * Sends the request in English and in Chinese: each answer is a problem+json with the status,
 * the field and a message in the asked language, and nothing at all is written.
 */
export async function expectRefused(t: TestApp, client: Client, row: Refusal) {
  const before = await writtenState(t.database.db);
  for (const language of ['en', 'zh-CN']) {
    const res = await client({ ...row.request, headers: { ...row.request.headers, 'accept-language': language } });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(row.status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem).toMatchObject({ status: row.status });
    expect(problem.field).toBe(row.field);
    expect(problem.detail).toBeTruthy();
    expect(/[\u4e00-\u9fff]/.test(problem.detail), problem.detail).toBe(language !== 'en');
  }
  expect(await writtenState(t.database.db)).toEqual(before);
}

/** A customer of the caller's unit (Changsha) and one of another unit (Zhuzhou), made through the API. */
export async function customersHereAndElsewhere(t: TestApp, client: Client) {
  const mine = (await client({ method: 'POST', url: '/api/v1/customers', payload: { name: '坏输入测试', tier: 'key' } })).json().id as string;
  const zhuzhou = await t.as('zz.am1');
  const elsewhere = (await zhuzhou({ method: 'POST', url: '/api/v1/customers', payload: { name: '株洲客户' } })).json().id as string;
  return { mine, elsewhere };
}

/** A row whose address names records made when the tests run ({mine}, {elsewhere} …), with their ids put in. */
export function withIds(row: Refusal, ids: Record<string, string>): Refusal {
  const url = Object.entries(ids).reduce((u, [name, id]) => u.replaceAll(`{${name}}`, id), String(row.request.url));
  return { ...row, request: { ...row.request, url } };
}

/** A JSON body as raw text, for what an object cannot say (nesting, a bare string, broken JSON). */
export const rawJson = (payload: string, contentType = 'application/json') => ({ payload, headers: { 'content-type': contentType } });

/** JSON nested `depth` arrays deep inside an object's field. */
export const nestedJson = (field: string, depth: number) => `{"${field}":${'['.repeat(depth)}${']'.repeat(depth)}}`;
