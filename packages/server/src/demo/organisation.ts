import type { Db } from '../platform/db/index.ts';
import { orgUnits, users } from '../platform/auth/schema.ts';
import { createRootUnit } from '../org/units.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import type { Role } from '../platform/policy.ts';
import { localNetworks } from './hunan.ts';

export const DEMO_PASSWORD = 'xiang-demo-2026';

export interface DemoOrganisation {
  rootId: string;
  provinceId: string;
  networks: { code: string; id: string; areaCode: string; districts: readonly string[]; name: string;
    teams: { id: string; isKeyAccounts: boolean; owners: { id: string; name: string }[] }[] }[];
  logins: { role: Role; username: string; description: string }[];
}

/**
 * The demo operator: a group, the Hunan province, its 14 local networks, two teams in each
 * (政企 key accounts, 公众 public customers), and a person in every role.
 */
export async function seedOrganisation(db: Db): Promise<DemoOrganisation> {
  const root = await createRootUnit(db, { code: 'GROUP', name: '湘信通信集团', nameEn: 'Xiang Telecom Group' });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const unit = async (parentPath: string, values: { level: 'province' | 'local_network' | 'team'; code: string; name: string; nameEn: string; parentId: string }) => {
    const id = crypto.randomUUID();
    await db.insert(orgUnits).values({ ...values, id, path: `${parentPath}${id}/` });
    return { id, path: `${parentPath}${id}/` };
  };
  const newUsers: (typeof users.$inferInsert)[] = [];
  const person = (username: string, displayName: string, role: Role, unitId: string) => {
    const id = crypto.randomUUID();
    newUsers.push({ id, username, displayName, role, unitId, passwordHash, email: `${username}@xiang.example` });
    return { id, name: displayName };
  };
  person('admin', '系统管理员', 'admin', root.id);
  const province = await unit(root.path, { level: 'province', code: 'HN', name: '湖南省分公司', nameEn: 'Hunan', parentId: root.id });
  person('hn.manager', '省公司经理 周建国', 'manager', province.id);
  person('hn.analyst', '经营分析 刘敏', 'analyst', province.id);
  person('hn.marketing', '市场部 陈静', 'marketing', province.id);

  const networks: DemoOrganisation['networks'] = [];
  for (const net of localNetworks) {
    const lower = net.code.toLowerCase();
    const network = await unit(province.path, { level: 'local_network', code: `HN-${net.code}`, name: `${net.name}本地网`, nameEn: net.nameEn, parentId: province.id });
    person(`${lower}.manager`, `${net.name}经理`, 'manager', network.id);
    person(`${lower}.agent`, `${net.name}客服`, 'service_agent', network.id);
    person(`${lower}.sales`, `${net.name}销售`, 'sales', network.id);
    const keyTeam = await unit(network.path, { level: 'team', code: `HN-${net.code}-KEY`, name: `${net.name}政企客户部`, nameEn: `${net.nameEn} key accounts`, parentId: network.id });
    const publicTeam = await unit(network.path, { level: 'team', code: `HN-${net.code}-PUB`, name: `${net.name}公众客户部`, nameEn: `${net.nameEn} public customers`, parentId: network.id });
    networks.push({
      code: net.code, id: network.id, areaCode: net.areaCode, districts: net.districts, name: net.name,
      teams: [
        { id: keyTeam.id, isKeyAccounts: true, owners: [person(`${lower}.key1`, `${net.name}大客户经理一`, 'account_manager', keyTeam.id)] },
        { id: publicTeam.id, isKeyAccounts: false, owners: [
          person(`${lower}.am1`, `${net.name}客户经理一`, 'account_manager', publicTeam.id),
          person(`${lower}.am2`, `${net.name}客户经理二`, 'account_manager', publicTeam.id),
        ] },
      ],
    });
  }
  await db.insert(users).values(newUsers);
  return {
    rootId: root.id,
    provinceId: province.id,
    networks,
    logins: demoLogins,
  };
}

/**
 * The demo organisation as a first start left it, read back by its unit codes and usernames
 * (a demo load stopped half-way resumes with it).
 */
export async function readDemoOrganisation(db: Db): Promise<DemoOrganisation> {
  const units = new Map((await db.select({ id: orgUnits.id, code: orgUnits.code }).from(orgUnits)).map((u) => [u.code, u.id]));
  const people = new Map((await db.select({ id: users.id, username: users.username, name: users.displayName }).from(users)).map((u) => [u.username, u]));
  const owner = (username: string) => {
    const user = people.get(username);
    if (!user) throw new Error(`The demo user ${username} is missing; remove the data directory to load the demo again.`);
    return { id: user.id, name: user.name };
  };
  const unitId = (code: string) => {
    const id = units.get(code);
    if (!id) throw new Error(`The demo unit ${code} is missing; remove the data directory to load the demo again.`);
    return id;
  };
  return {
    rootId: unitId('GROUP'),
    provinceId: unitId('HN'),
    networks: localNetworks.map((net) => {
      const lower = net.code.toLowerCase();
      return {
        code: net.code, id: unitId(`HN-${net.code}`), areaCode: net.areaCode, districts: net.districts, name: net.name,
        teams: [
          { id: unitId(`HN-${net.code}-KEY`), isKeyAccounts: true, owners: [owner(`${lower}.key1`)] },
          { id: unitId(`HN-${net.code}-PUB`), isKeyAccounts: false, owners: [owner(`${lower}.am1`), owner(`${lower}.am2`)] },
        ],
      };
    }),
    logins: demoLogins,
  };
}

export const demoLogins: DemoOrganisation['logins'] = [
  { role: 'admin', username: 'admin', description: 'administrator, whole group' },
  { role: 'manager', username: 'hn.manager', description: 'manager, Hunan province' },
  { role: 'manager', username: 'cs.manager', description: 'manager, Changsha local network' },
  { role: 'account_manager', username: 'cs.am1', description: 'account manager, Changsha public customers' },
  { role: 'account_manager', username: 'cs.key1', description: 'key-account manager, Changsha' },
  { role: 'sales', username: 'cs.sales', description: 'sales, Changsha' },
  { role: 'marketing', username: 'hn.marketing', description: 'marketing, Hunan province' },
  { role: 'service_agent', username: 'cs.agent', description: 'service agent, Changsha' },
  { role: 'analyst', username: 'hn.analyst', description: 'analyst, Hunan province' },
];
