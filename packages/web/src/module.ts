import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { Permission } from './api/types.ts';

/** A page of a console module, at its path under the console, for those with its permission. */
export interface ConsolePage {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** The action the server's policy must allow the signed-in role; none: every signed-in user. */
  permission?: Permission;
}

/** An entry in the console's menu; `admin` entries go under 系统管理. */
export interface MenuEntry {
  path: string;
  icon: ReactNode;
  /** An i18n key. */
  label: string;
  permission?: Permission;
  group?: 'admin';
}

/** 控制台模块 — what a module adds to the console, defined in its own folder and listed once in modules.tsx. */
export interface ConsoleModule {
  pages: ConsolePage[];
  menu?: MenuEntry[];
  /** Its words in both languages, merged into the console's (`<module>/i18n.ts`). */
  messages?: { 'zh-CN': Translation; en: Translation };
}

export interface Translation { [key: string]: string | Translation }
