import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';
import { consoleModules } from '../modules.ts';
import type { Translation } from '../module.ts';
import { mergeWords } from './merge.ts';

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

const withModules = (language: Language, base: Translation) =>
  mergeWords(language, base, consoleModules.flatMap((m) => (m.messages ? [m.messages[language]] : [])));

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: withModules('zh-CN', zhCN) }, en: { translation: withModules('en', en) } },
  lng: language,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
