import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from './errors.ts';
import { defineMessages } from './messages.ts';

const tell = defineMessages({
  textHasNul: {
    en: 'The text contains a NUL character (U+0000), which cannot be stored; remove it.',
    zh: '内容包含空字符（U+0000），无法保存，请删除。',
  },
  textHasBrokenCharacter: {
    en: 'The text contains a broken character (half of a UTF-16 surrogate pair); send valid Unicode text.',
    zh: '内容包含残缺的字符（不成对的 UTF-16 代理项），请发送有效的 Unicode 文本。',
  },
  parameterNotUtf8: {
    en: 'The parameter is not UTF-8 text once its %-escapes are decoded.',
    zh: '该参数按 % 转义解码后不是有效的 UTF-8 文本。',
  },
  jsonTooDeep: {
    en: 'The JSON body is nested more than {max} levels deep.',
    zh: 'JSON 内容的嵌套超过 {max} 层。',
  },
});

/**
 * JSON nested deeper than this is no request a person or an integration sends. Refused before
 * parsing, so nothing after it (validation, the text guard, JSON.stringify, jsonb) recurses into it.
 */
export const maxJsonDepth = 64;

/**
 * Guards every route of the API against input no column can hold: JSON bodies too deeply nested
 * to walk, and text PostgreSQL refuses (NUL) or would silently alter (a lone surrogate becomes
 * U+FFFD). One place, before validation, so no route can forget it.
 */
export function registerInputGuards(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (isNestedDeeperThan(body as string, maxJsonDepth)) {
      done(new Problem(400, 'Bad Request', tell('jsonTooDeep', { max: maxJsonDepth }), { field: 'body' }), undefined);
      return;
    }
    parseJson(req, body as string, done);
  });
  app.addHook('preValidation', async (req: FastifyRequest) => {
    refuseUndecodableQuery(req.url);
    refuseUnstorableText(req.params, 'params');
    refuseUnstorableText(req.query, 'querystring');
    refuseUnstorableText(req.body, 'body');
  });
}

/**
 * Throws a 400 naming the field when a value (a parsed body, a query, form fields) holds text
 * that cannot be stored as it was sent. For the routes that read multipart forms themselves.
 */
export function refuseUnstorableText(value: unknown, where: string) {
  const found = unstorableText(value, '', 0);
  if (found) throw new Problem(400, 'Bad Request', found.said, { field: found.field || where, in: where });
}

/**
 * A query parameter whose %-escapes are no UTF-8 (%FF, a lone surrogate as %ED%A0%80) would reach
 * the route as its raw text; it is refused, naming the parameter.
 */
function refuseUndecodableQuery(url: string) {
  const start = url.indexOf('?');
  if (start < 0 || !url.includes('%', start)) return;
  for (const pair of url.slice(start + 1).split('&')) {
    const [name, value = ''] = pair.split('=', 2);
    const decodedName = decodeOrNull(name);
    if (decodedName === null || decodeOrNull(value) === null) {
      throw new Problem(400, 'Bad Request', tell('parameterNotUtf8'), { field: decodedName ?? name, in: 'querystring' });
    }
  }
}

function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

type Found = { field: string; said: ReturnType<typeof tell> };

function unstorableText(value: unknown, path: string, depth: number): Found | null {
  if (typeof value === 'string') return textProblem(value, path);
  if (typeof value !== 'object' || value === null || depth > maxJsonDepth) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableText(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    // A key is stored too (custom attributes, a payload): a bad key is the fault of the object holding it.
    const badKey = textProblem(key, path);
    if (badKey) return badKey;
    const found = unstorableText((value as Record<string, unknown>)[key], field, depth + 1);
    if (found) return found;
  }
  return null;
}

function textProblem(text: string, field: string): Found | null {
  if (text.includes('\u0000')) return { field, said: tell('textHasNul') };
  if (!isWellFormed(text)) return { field, said: tell('textHasBrokenCharacter') };
  return null;
}

/** Whether text can be stored exactly as it is (for text that arrives encoded, as in a page cursor). */
export const isStorableText = (text: string) => !text.includes('\u0000') && isWellFormed(text);

// String.prototype.isWellFormed is in Node 20; TypeScript's ES2023 library does not declare it yet.
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Whether JSON text opens more than `max` arrays or objects inside each other; strings are skipped. */
function isNestedDeeperThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isInString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) isInString = false;
    } else if (c === 0x22) {
      isInString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}
