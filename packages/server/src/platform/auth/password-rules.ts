import { invalid } from '../errors.ts';
import { defineMessages } from '../messages.ts';

/**
 * The password rule (ASVS 5.0 V6.2): at least 10 characters (the shared schema checks the
 * length, so the console can show it), not the username, and not one of the common passwords
 * attackers try first. The list is zxcvbn-ts's (`@zxcvbn-ts/language-common`, 49,000 passwords
 * from public breach corpora; kept up by the zxcvbn-ts project, MIT, 380 KB compressed in the
 * package, one dependency of 80 KB, nothing fetched at run time), compared without regard to
 * case. Of those, the 1,600 of ten characters or more are what the length rule lets through.
 */
let commonPasswords: Promise<Set<string>> | undefined;
// Loaded at the first password set, not at start: the list and its set cost ~0.1 s.
const theCommonPasswords = () => (commonPasswords ??= import('@zxcvbn-ts/language-common')
  .then(({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()))));

const message = defineMessages({
  passwordCommon: {
    en: 'This password is one of the most common passwords, which attackers try first; choose another.',
    zh: '该密码是最常见的密码之一，攻击者会最先尝试，请换一个。',
  },
  passwordHasUsername: { en: 'The password must not contain the username.', zh: '密码不能包含用户名。' },
});

/** 400 naming the field when a new password breaks the rule; the password itself is never repeated. */
export async function refuseWeakPassword(password: string, username: string, field: string) {
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) throw invalid(field, message('passwordHasUsername'));
  if ((await theCommonPasswords()).has(lower)) throw invalid(field, message('passwordCommon'));
}
