import type { Translation } from '../module.ts';

/** The console's words with every module's merged in; two modules may not say the same key. */
export function mergeWords(language: string, base: Translation, modules: readonly Translation[]): Translation {
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
  for (const words of modules) into(merged, words, '');
  return merged;
}
