import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import i18next from 'i18next';
import { Channel, InteractionKind, Role } from '@xiang/shared';
import { auditActions, auditEntities, staffNoteType } from '@xiang/shared/codes';
import { interactionTemplates } from '../packages/server/src/demo/customers.ts';
import { readdirSync } from 'node:fs';
import { zhCN } from '../packages/web/src/i18n/zh-CN.ts';
import { en } from '../packages/web/src/i18n/en.ts';
import { mergeWords } from '../packages/web/src/i18n/merge.ts';
import type { Translation } from '../packages/web/src/module.ts';

// The console's words as it merges them: its own and every module's (`<module>/i18n.ts`).
const web = new URL('../packages/web/src/', import.meta.url);
const moduleWords = await Promise.all(readdirSync(web, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(new URL(`${entry.name}/`, web)).includes('i18n.ts'))
  .map(async (entry) => Object.values(await import(new URL(`${entry.name}/i18n.ts`, web).href) as Record<string, Record<'zh-CN' | 'en', Translation>>)[0]!));

// Every code the server can put on screen, taken from the server's own lists (the ones its
// audit() and its timeline accept and write), not from a list kept here.
const timelineTypes = [staffNoteType, ...Object.values(interactionTemplates).flatMap((list) => list.map((x) => x.type))];
const codes: Record<string, readonly string[]> = {
  auditAction: auditActions,
  auditEntity: auditEntities,
  timelineType: timelineTypes,
  channel: Channel.options,
  interactionKind: InteractionKind.options,
  roles: Role.options,
};

describe('the console’s words for the server’s codes', () => {
  for (const [language, base] of [['zh-CN', zhCN], ['en', en]] as const) {
    const translation = mergeWords(language, base, moduleWords.map((words) => words[language]));
    it(`labels every code the server can send, in ${language}`, async () => {
      // The console's own lookup (i18next, keys with dots in them), with no fallback to the other language.
      const i18n = i18next.createInstance();
      await i18n.init({ lng: language, fallbackLng: false, resources: { [language]: { translation } }, interpolation: { escapeValue: false } });
      const missing: string[] = [];
      for (const [group, list] of Object.entries(codes)) {
        assert.ok(list.length > 0, group);
        for (const code of list) {
          const label = i18n.t(`${group}.${code}`, { defaultValue: '' });
          if (!label || label === code || typeof label !== 'string') missing.push(`${group}.${code}`);
        }
      }
      assert.deepEqual(missing, [], `codes without a ${language} label`);
    });
  }

  it('does not call every staff entry 客户经理: the staff channel says staff, and a role says which', () => {
    assert.notEqual(zhCN.channel.staff, zhCN.roles.account_manager);
    assert.notEqual(en.channel.staff, en.roles.account_manager);
  });
});
