import type { Db } from '../db/index.ts';
import { clearThrottles, forgiveAttempt, takeAttempt, type Attempt, type ThrottleKey, type ThrottleRule } from '../throttle.ts';

/**
 * How fast a password may be guessed, on the sign-in page and wherever the current password is
 * asked for again. Three counts, so that a guesser is slowed without handing him a way to keep
 * the real user out:
 *
 * - per account and source: the guesser himself. Five free, then 1 s, 2 s, 4 s … up to 15 min.
 * - per source, whatever the account: one address trying many accounts (password spraying).
 *   Twenty free (an office behind one address mistypes too), then the same doubling.
 * - per account, from every source: many addresses guessing one account. It grows slowly
 *   (1 s more per failure past thirty) and stops at 60 s: a crowd of addresses can slow the
 *   real user by a minute at most, never lock him out.
 *
 * One address cannot reach the third count: its own first count lets it about 21 guesses in
 * the first hour and 6 an hour after, while the account forgives 30 an hour, so the account's
 * count stays under 12 (throttle.test.ts holds this for any timing). An unknown username is counted exactly like a known one, so the
 * answers (401, then 429) say nothing about which names exist.
 */
export const guessesFromSource: ThrottleRule = {
  name: 'password:account+source', free: 5, firstWait: 1, growth: 'doubling', maxWait: 900, forgivenPerHour: 6, isClearedBySuccess: true,
};
export const guessesFromAddress: ThrottleRule = {
  name: 'password:source', free: 20, firstWait: 1, growth: 'doubling', maxWait: 900, forgivenPerHour: 60, isClearedBySuccess: false,
};
export const guessesOfAccount: ThrottleRule = {
  name: 'password:account', free: 30, firstWait: 1, growth: 'linear', maxWait: 60, forgivenPerHour: 30, isClearedBySuccess: false,
};

/** The counts one password guess is charged to. Usernames are compared as typed, lower-cased. */
export function guessKeys(username: string, source: string): ThrottleKey[] {
  const account = username.trim().toLowerCase();
  return [
    { rule: guessesFromSource, subject: account, source },
    { rule: guessesFromAddress, subject: '', source },
    { rule: guessesOfAccount, subject: account },
  ];
}

/** Counts a guess before it is checked; 429 with Retry-After while any of its counts is waiting. */
export const takeGuess = (db: Db, username: string, source: string): Promise<Attempt> => takeAttempt(db, guessKeys(username, source));

/** The password was right: the guess does not count. */
export const forgiveGuess = (db: Db, guess: Attempt) => forgiveAttempt(db, guess);

/** An administrator's reset lets the account's owner straight in again, from anywhere. */
export const clearGuesses = (db: Db, username: string) => clearThrottles(db, username.toLowerCase(), [guessesFromSource, guessesOfAccount]);
