import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modules } from './modules.ts';
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
});
