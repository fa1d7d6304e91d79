import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modules } from './modules.ts';
import { auditActions, auditEntities, eventTypes } from '@xiang/shared';
import { allowActions, may, permissionsOf } from './platform/policy.ts';

const src = path.dirname(new URL(import.meta.url).pathname);
const notModules = new Set(['platform', 'demo', 'test']);

describe('the module list', () => {
  it('has every module folder, each defined once in its own module.ts', () => {
    const folders = fs.readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory() && !notModules.has(e.name)).map((e) => e.name);
    for (const folder of folders) expect(fs.existsSync(path.join(src, folder, 'module.ts')), `${folder}/module.ts`).toBe(true);
    const names = modules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    // Each folder's manifest is in the list.
    const listed = fs.readFileSync(path.join(src, 'modules.ts'), 'utf8');
    for (const folder of folders) expect(listed, `modules.ts lists ${folder}`).toContain(`./${folder}/module.ts`);
  });

  it('gives the policy every action a module declares, and refuses one declared by two modules', () => {
    for (const m of modules) for (const [action, who] of Object.entries(m.actions ?? {})) {
      for (const role of who) expect(permissionsOf(role)).toContain(action);
    }
    expect(may('analyst', 'customer.read')).toBe(true);
    expect(may('analyst', 'customer.write')).toBe(false);
    expect(() => allowActions('another', { 'customer.read': ['admin'] })).toThrow(/declared by both customers and another/);
    expect(may('analyst', 'customer.read')).toBe(true);
  });

  it('has every event of the catalog and every audit code declared by exactly one module', () => {
    const declared = (list: readonly string[]) => {
      const seen = new Map<string, number>();
      for (const code of list) seen.set(code, (seen.get(code) ?? 0) + 1);
      return { twice: [...seen].filter(([, n]) => n > 1).map(([code]) => code), all: [...seen.keys()].sort() };
    };
    const events = declared(modules.flatMap((m) => Object.keys(m.events ?? {})));
    const actions = declared(modules.flatMap((m) => m.audit?.actions ?? []));
    const entities = declared(modules.flatMap((m) => m.audit?.entities ?? []));
    expect([events.twice, actions.twice, entities.twice]).toEqual([[], [], []]);
    expect(events.all).toEqual([...eventTypes].sort());
    expect(actions.all).toEqual([...auditActions].sort());
    expect(entities.all).toEqual([...auditEntities].sort());
    // The gathered lists themselves hold each code once: two modules' files naming one are refused too.
    expect(new Set(auditActions).size).toBe(auditActions.length);
    expect(new Set(auditEntities).size).toBe(auditEntities.length);
  });
});
