import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';
import { consoleModules } from '../modules.ts';
import type { Translation } from '../module.ts';

export type Language = 'zh-CN' | 'en';
const STORAGE_KEY = 'xiang.language';

/** The language chosen before, else the browser's: Chinese for any zh-*, English otherwise. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh-CN' || saved === 'en') return saved;
  return (navigator.languages?.[0] ?? navigator.language ?? 'zh-CN').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function changeLanguage(language: Language) {
  localStorage.setItem(STORAGE_KEY, language);
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = language;
  return i18n.changeLanguage(language);
}

const language = initialLanguage();
dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
document.documentElement.lang = language;

/** The console's words with every module's merged in; two modules may not say the same key. */
function withModules(language: Language, base: Translation): Translation {
  const merged = structuredClone(base);
  const into = (target: Translation, words: Translation, at: string) => {
    for (const [key, value] of Object.entries(words)) {
      const existing = target[key];
      if (typeof value === 'string' || typeof existing === 'string') {
        if (existing !== undefined) throw new Error(`Two modules say ${at}${key} in ${language}`);
        target[key] = value;
      } else {
        into((target[key] ??= {}) as Translation, value, `${at}${key}.`);
      }
    }
  };
  for (const m of consoleModules) if (m.messages) into(merged, m.messages[language], '');
  return merged;
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: withModules('zh-CN', zhCN) }, en: { translation: withModules('en', en) } },
  lng: language,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
