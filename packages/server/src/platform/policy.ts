import { forbidden } from './errors.ts';

export const roles = ['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent', 'analyst'] as const;
export type Role = (typeof roles)[number];

/** Which roles may take each of a module's actions. */
export type ActionTable = Record<string, readonly Role[]>;

/**
 * Every action of every module. A module declares its table with `defineActions` and adds its
 * names here by declaration merging, so `Action` knows them all and a misspelt one is a type error:
 *   declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof taskActions> {} }
 */
export interface Actions {}
export type Action = keyof Actions & string;
export type ActionsOf<T extends ActionTable> = { [K in keyof T]: true };

/** A module's table of what each role may do (its manifest hands it to `allowActions`). */
export const defineActions = <const T extends ActionTable>(table: T): T => table;

/**
 * What each role may do — one table, filled from the modules' manifests when the app is built.
 * Where a record may be seen is the Scope's business (unit subtree); what may be done to it is this table's.
 */
const allowed = new Map<string, readonly Role[]>();
const owners = new Map<string, string>();

/** Adds a module's actions; the same module again changes nothing, another module's name is refused. */
export function allowActions(module: string, table: ActionTable): void {
  for (const [action, who] of Object.entries(table)) {
    const owner = owners.get(action);
    if (owner && owner !== module) throw new Error(`The action ${action} is declared by both ${owner} and ${module}.`);
    owners.set(action, module);
    allowed.set(action, who);
  }
}

export function may(role: Role, action: Action): boolean {
  const who = allowed.get(action);
  if (!who) throw new Error(`The action ${action} is in no module's manifest (is the module in src/modules.ts?).`);
  return who.includes(role);
}

export function authorize(role: Role, action: Action): void {
  if (!may(role, action)) throw forbidden();
}

/** Every action the modules declared: the console's permission names (the OpenAPI document lists them). */
export function allActions(): [Action, ...Action[]] {
  const all = [...allowed.keys()] as Action[];
  if (!all.length) throw new Error('No module has declared its actions yet (installModules).');
  return all as [Action, ...Action[]];
}

/** The actions a role may take, for the console to show only what can be used. */
export function permissionsOf(role: Role): Action[] {
  return ([...allowed.keys()] as Action[]).filter((a) => may(role, a));
}
