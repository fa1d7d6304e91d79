import type { Db } from '../platform/db/index.ts';
import { orgUnits } from '../platform/auth/schema.ts';
import { withinScope, type Scope } from '../platform/scope.ts';

/**
 * 本地网 / 所属单位 — how a file names the unit a customer belongs to: "株洲本地网", "株洲",
 * "Zhuzhou", or the unit code "HN-ZZ". Only units the importer can see are known here, so a
 * unit out of sight reads exactly as one that does not exist.
 */
export interface UnitNames {
  /** The unit's id, 'ambiguous' when the name fits several, or null when no visible unit has it. */
  find(text: string): string | 'ambiguous' | null;
  /** Changes when any visible unit's name or code does: a file's unit column reads differently. */
  fingerprint: string;
}

const nameKey = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s_]/g, '');
/** What people leave off a unit's name: 株洲本地网 is 株洲, Zhuzhou local network is Zhuzhou. */
const shortName = (name: string) => name.replace(/(本地网|分公司|公司|localnetwork|branch)$/, '');

export async function visibleUnitNames(db: Db, scope: Scope): Promise<UnitNames> {
  const units = await db.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, nameEn: orgUnits.nameEn })
    .from(orgUnits).where(withinScope(scope, orgUnits.id));
  const exact = new Map<string, string | 'ambiguous'>();
  const short = new Map<string, string | 'ambiguous'>();
  const add = (map: Map<string, string | 'ambiguous'>, key: string, id: string) => {
    if (!key) return;
    const known = map.get(key);
    map.set(key, known && known !== id ? 'ambiguous' : id);
  };
  for (const unit of units) {
    for (const name of [unit.code, unit.name, unit.nameEn ?? '']) {
      add(exact, nameKey(name), unit.id);
      add(short, shortName(nameKey(name)), unit.id);
    }
  }
  return {
    fingerprint: JSON.stringify(units.map((u) => [u.id, u.code, u.name, u.nameEn]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))),
    find(text) {
      const key = nameKey(text);
      return exact.get(key) ?? short.get(shortName(key)) ?? null;
    },
  };
}
