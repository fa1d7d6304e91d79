/**
 * 问卷表单 — /widget-survey.js: the survey's form, loaded by the tracker's `xiang.survey(key)` (a
 * dialog over the site's page) or by our own link page `/s/<key>` (the page itself). Plain DOM,
 * native form controls (radios, checkboxes, a textarea), so keyboards and screen readers work as
 * on any form. Answers are posted as text/plain JSON (no preflight) with a submission id made
 * once, so a retry after a lost answer is stored once.
 */
import { surveyWords, type SurveyWords } from './survey-words.ts';

type Option = { id: string; label: string };
type Question =
  | { id: string; title: string; isRequired: boolean; kind: 'single' | 'multiple'; options: Option[] }
  | { id: string; title: string; isRequired: boolean; kind: 'rating'; scale: 'stars' | 'nps' }
  | { id: string; title: string; isRequired: boolean; kind: 'text' };
type Survey = { key: string; status: 'open' | 'closed'; title: string; intro: string; thanks: string; questions: Question[] };
type Answer = string[] | number | string;

const d = document;
const me = d.currentScript as HTMLScriptElement | null;
const key = me?.getAttribute('data-key') ?? '';
const visitorId = me?.getAttribute('data-visitor') || undefined;
const isPage = me?.getAttribute('data-mode') === 'page';
const language = me?.getAttribute('data-lang') || (/^en/i.test(navigator.language) ? 'en' : 'zh');
const words: SurveyWords = surveyWords[language === 'en' ? 'en' : 'zh'];
const base = me ? new URL(me.src).origin : '';
const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]) {
  const made = d.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  made.append(...children);
  return made;
}

const styles = `
.xs{font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f1f1f;max-width:640px;margin:0 auto;padding:16px;box-sizing:border-box}
.xs *{box-sizing:border-box}.xs h1,.xs h2{font-size:1.375rem;margin:0 0 8px}.xs p{margin:0 0 16px;white-space:pre-line}
.xs fieldset{border:1px solid #d9d9d9;border-radius:8px;margin:0 0 16px;padding:12px 16px}.xs legend{font-weight:600;padding:0 4px}
.xs label{display:flex;gap:8px;align-items:center;padding:6px 0;cursor:pointer}.xs input{width:20px;height:20px;margin:0;accent-color:#1668dc}
.xs .scale{display:flex;flex-wrap:wrap;gap:6px}.xs .scale label{flex-direction:column;gap:2px;min-width:40px;padding:4px;border:1px solid #d9d9d9;border-radius:6px;justify-content:center}
.xs .ends{display:flex;justify-content:space-between;color:#595959;font-size:.875rem}
.xs textarea{width:100%;min-height:96px;font:inherit;padding:8px;border:1px solid #8c8c8c;border-radius:6px}
.xs button{font:inherit;min-height:44px;padding:8px 20px;border-radius:6px;border:1px solid #1668dc;background:#1668dc;color:#fff;cursor:pointer}
.xs button[disabled]{opacity:.6}.xs .close{background:#fff;color:#1f1f1f;border-color:#8c8c8c;margin-left:8px}
.xs .error{color:#a8071a;min-height:1.5em;margin:0 0 12px}.xs .req{color:#a8071a}
:focus-visible{outline:2px solid #1668dc;outline-offset:2px}`;

/** One question as a fieldset: its title as the legend, its choices as native controls. */
function questionField(q: Question) {
  const name = 'q_' + q.id;
  const legend = element('legend', {}, q.title, ...(q.isRequired ? [element('span', { class: 'req', 'aria-hidden': 'true' }, ' *')] : []));
  const field = element('fieldset', { 'data-question': q.id }, legend);
  if (q.isRequired) field.setAttribute('aria-describedby', 'xs-required-' + q.id);
  if (q.kind === 'text') {
    const area = element('textarea', { name, maxlength: '2000', 'aria-label': q.title });
    if (q.isRequired) area.required = true;
    field.append(area);
  } else if (q.kind === 'rating') {
    const [min, max] = q.scale === 'nps' ? [0, 10] : [1, 5];
    const scale = element('div', { class: 'scale' });
    for (let score = min; score <= max; score++) {
      const input = element('input', { type: 'radio', name, value: String(score) });
      if (q.isRequired) input.required = true;
      scale.append(element('label', {}, input, String(score)));
    }
    const [low, high] = q.scale === 'nps' ? words.npsEnds : words.starsEnds;
    field.append(scale, element('div', { class: 'ends', 'aria-hidden': 'true' }, element('span', {}, low), element('span', {}, high)));
  } else {
    for (const option of q.options) {
      const input = element('input', { type: q.kind === 'single' ? 'radio' : 'checkbox', name, value: option.id });
      if (q.isRequired && q.kind === 'single') input.required = true;
      field.append(element('label', {}, input, option.label));
    }
  }
  if (q.isRequired) field.append(element('span', { id: 'xs-required-' + q.id, hidden: '' }, words.required));
  return field;
}

/** What the form holds, by question id; a question left blank is left out. */
function answersOf(form: HTMLFormElement, questions: Question[]) {
  const answers: Record<string, Answer> = {};
  const data = new FormData(form);
  for (const q of questions) {
    const values = data.getAll('q_' + q.id).map(String);
    if (q.kind === 'text') {
      if (values[0]?.trim()) answers[q.id] = values[0];
    } else if (q.kind === 'rating') {
      if (values.length) answers[q.id] = Number(values[0]);
    } else if (values.length) answers[q.id] = values;
  }
  return answers;
}

function render(survey: Survey, host: HTMLElement, close?: () => void) {
  const root = element('div', { class: 'xs', lang: language === 'en' ? 'en' : 'zh-CN' });
  const heading = element(isPage ? 'h1' : 'h2', { id: 'xs-title', tabindex: '-1' }, survey.title);
  root.append(heading);
  if (survey.intro) root.append(element('p', {}, survey.intro));
  const finish = (text: string) => {
    root.replaceChildren(heading, element('p', { role: 'status' }, text));
    if (close) root.append(element('button', { type: 'button', class: 'close' }, words.close));
    root.querySelector<HTMLButtonElement>('.close')?.addEventListener('click', close!);
    heading.focus();
  };
  if (survey.status !== 'open') {
    finish(words.closed);
    host.append(root);
    return;
  }
  const form = element('form', { novalidate: '', 'aria-labelledby': 'xs-title' });
  for (const q of survey.questions) form.append(questionField(q));
  const error = element('p', { class: 'error', role: 'alert' });
  const submit = element('button', { type: 'submit' }, words.submit);
  form.append(error, submit);
  if (close) {
    const later = element('button', { type: 'button', class: 'close' }, words.close);
    later.addEventListener('click', close);
    form.append(later);
  }
  const submissionId = randomId();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answers = answersOf(form, survey.questions);
    const missing = survey.questions.find((q) => q.isRequired && !(q.id in answers));
    if (missing) {
      error.textContent = words.missing.replace('{title}', missing.title);
      form.querySelector<HTMLElement>(`[data-question="${missing.id}"] input, [data-question="${missing.id}"] textarea`)?.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = words.sending;
    error.textContent = '';
    try {
      const answer = await fetch(`${base}/api/v1/surveys/${encodeURIComponent(survey.key)}/responses`, {
        method: 'POST', credentials: 'omit', headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ submissionId, visitorId, answers }),
      });
      if (answer.ok) return finish(survey.thanks || words.thanks);
      const problem = await answer.json().catch(() => ({}));
      error.textContent = problem.detail || words.failed;
    } catch {
      error.textContent = words.offline;
    }
    submit.disabled = false;
    submit.textContent = words.submit;
  });
  root.append(form);
  host.append(root);
}

/** Over the site's page: a modal dialog in a shadow root, so the site's styles and ours keep apart. */
function showOverPage(survey: Survey) {
  const holder = element('div');
  const shadow = holder.attachShadow({ mode: 'open' });
  const before = d.activeElement as HTMLElement | null;
  const close = () => {
    holder.remove();
    before?.focus?.();
  };
  const panel = element('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'xs-title',
    style: 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);overflow:auto;display:flex;align-items:flex-start;justify-content:center;padding:24px 8px' });
  const card = element('div', { style: 'background:#fff;border-radius:12px;width:100%;max-width:640px;box-shadow:0 8px 32px rgba(0,0,0,.3)' });
  panel.append(card);
  panel.addEventListener('keydown', (e) => e.key === 'Escape' && close());
  shadow.append(element('style', {}, styles), panel);
  render(survey, card, close);
  d.body.append(holder);
  shadow.getElementById('xs-title')?.focus();
}

async function start() {
  if (isPage) {
    const host = d.getElementById('xiang-survey');
    const data = d.getElementById('xiang-survey-data');
    if (!host || !data) return;
    host.replaceChildren();
    d.head.append(element('style', {}, styles));
    render(JSON.parse(data.textContent || '{}'), host);
    return;
  }
  try {
    const answer = await fetch(`${base}/api/v1/surveys/${encodeURIComponent(key)}`, { credentials: 'omit' });
    if (answer.ok) showOverPage(await answer.json());
  } catch { /* offline: the page goes on without the survey */ }
}

if (key || isPage) void start();
