import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '@xiang/shared/phone';
import { canonicalIdentity, creditCodeCheck, idNumberCheck, isChineseIdNumber, isCreditCode, nameGrams } from './identity-values.ts';

const mobilePrefix = fc.constantFrom('133', '139', '153', '173', '177', '180', '181', '186', '189', '199');
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const toFullWidth = (s: string) => s.replace(/[0-9+\-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('phone numbers', () => {
  it('reads a Chinese mobile number the same however it is written', () => {
    fc.assert(fc.property(mobilePrefix, digits(8), fc.constantFrom('', '+86', '+86 ', '0086', '0086-', '86'),
      fc.constantFrom(' ', '-', ''), fc.boolean(), (prefix, rest, country, separator, isFullWidth) => {
        const local = `${prefix}${separator}${rest.slice(0, 4)}${separator}${rest.slice(4)}`;
        const typed = `${country}${local}`;
        const input = isFullWidth ? toFullWidth(typed) : typed;
        expect(normalizePhone(input)).toBe(`+86${prefix}${rest}`);
      }));
  });

  it('reads a landline with its area code, with or without brackets', () => {
    expect(normalizePhone('0731-8888 8888')).toBe('+8673188888888');
    expect(normalizePhone('(0731) 88888888')).toBe('+8673188888888');
    expect(normalizePhone('+86 731 8888 8888')).toBe('+8673188888888');
  });

  it('refuses what cannot be a phone number', () => {
    for (const text of ['12345', '138001380', 'abc', '1380013800a', '', '+86', '=1+1']) expect(normalizePhone(text), text).toBeNull();
  });
});

describe('identity values', () => {
  it('accepts an ID number only with its check character, upper-casing X', () => {
    fc.assert(fc.property(digits(17), (first17) => {
      const id = first17 + idNumberCheck(first17);
      expect(isChineseIdNumber(id)).toBe(true);
      const wrong = first17 + (idNumberCheck(first17) === '0' ? '1' : '0');
      expect(isChineseIdNumber(wrong)).toBe(false);
    }));
    expect(canonicalIdentity('id_number', '11010519491231002x')).toEqual({ value: '11010519491231002X' });
  });

  it('lower-cases e-mail and refuses a malformed one', () => {
    expect(canonicalIdentity('email', ' Li.Na@Example.CN ')).toEqual({ value: 'li.na@example.cn' });
    expect(canonicalIdentity('email', 'li.na@')).toHaveProperty('error');
  });
});

describe('name fragments', () => {
  it('finds every 1–3 character fragment of a name among its grams', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'欧阳娜张三丰王小明有限公司湘江'), minLength: 1, maxLength: 12 }), (name) => {
      const grams = new Set(nameGrams(name));
      for (let size = 1; size <= 3; size++) {
        for (let i = 0; i + size <= name.length; i++) expect(grams.has(name.slice(i, i + size))).toBe(true);
      }
    }));
  });
});

describe('unified social credit codes (统一社会信用代码)', () => {
  const character = fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY');
  const body = fc.tuple(fc.array(character, { minLength: 2, maxLength: 2 }), digits(6), fc.array(character, { minLength: 9, maxLength: 9 }))
    .map(([head, division, tail]) => `${head.join('')}${division}${tail.join('')}`);

  it('takes every code whose check character is right, written with spaces or in lower case', () => {
    fc.assert(fc.property(body, (first17) => {
      const code = `${first17}${creditCodeCheck(first17)}`;
      expect(isCreditCode(code)).toBe(true);
      expect(canonicalIdentity('credit_code', ` ${code.slice(0, 6)} ${code.slice(6).toLowerCase()} `)).toEqual({ value: code });
    }));
  });

  it('refuses a code with any other check character, and a personal ID number', () => {
    fc.assert(fc.property(body, character, (first17, wrong) => {
      fc.pre(wrong !== creditCodeCheck(first17));
      expect(isCreditCode(`${first17}${wrong}`)).toBe(false);
    }));
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
    expect('error' in canonicalIdentity('credit_code', '430104199003077777')).toBe(true);
    expect('error' in canonicalIdentity('credit_code', '91350100M000100Y4')).toBe(true);
  });
});
