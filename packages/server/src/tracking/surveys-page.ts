import type { FastifyInstance } from 'fastify';
import type { PublicSurvey } from '@xiang/shared';
import { Problem } from '../platform/errors.ts';
import { publicSurvey } from './surveys-answers.ts';

const words = {
  zh: { lang: 'zh-CN', noScript: '请启用浏览器的 JavaScript 以填写问卷。', missing: '找不到该问卷', missingText: '链接可能有误，或问卷尚未开放。', title: '问卷' },
  en: { lang: 'en', noScript: 'Please turn on JavaScript in your browser to answer the survey.', missing: 'Survey not found', missingText: 'The link may be wrong, or the survey is not open yet.', title: 'Survey' },
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a script element: `<` escaped, so no text of the survey can end the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
const visitorOf = (v: unknown) => (typeof v === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(v) ? v : undefined);

/** The visitor's language: `?lang=en`, else English only when the browser puts it first; Chinese otherwise. */
function languageOf(asked: unknown, acceptLanguage: string | undefined): 'zh' | 'en' {
  if (asked === 'en' || asked === 'zh') return asked;
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'zh';
}

function page(lang: 'zh' | 'en', title: string, body: string) {
  return `<!doctype html><html lang="${words[lang].lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{margin:0;background:#f5f5f5}main{background:#fff;min-height:100vh}</style></head>
<body>${body}</body></html>`;
}

/**
 * 问卷链接 — `/s/<key>`: a page of our own that the survey's link opens (in a message, a QR code,
 * an e-mail). The survey travels inside the page, so the form shows after one request; the
 * script is our own file (the CSP allows no inline script), and `?v=<visitor id>` lets a site that
 * knows its visitor hand the link on, so the answer reaches the customer's timeline.
 */
export async function surveyPageRoutes(app: FastifyInstance) {
  app.get<{ Params: { key: string }; Querystring: { lang?: string; v?: string } }>('/s/:key', { config: { access: { public: true } }, schema: { hide: true } }, async (req, reply) => {
    const lang = languageOf(req.query.lang, req.headers['accept-language']);
    const said = words[lang];
    let survey: PublicSurvey;
    try {
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(req.params.key)) throw new Problem(404, 'Not Found', 'no such survey');
      survey = await publicSurvey(app.db, req.params.key);
    } catch (error) {
      if (!(error instanceof Problem) || error.status !== 404) throw error;
      return reply.code(404).type('text/html; charset=utf-8')
        .send(page(lang, said.missing, `<main class="xs"><h1>${said.missing}</h1><p>${said.missingText}</p></main>`));
    }
    const visitor = visitorOf(req.query.v);
    const body = `<main id="xiang-survey"><h1>${escapeHtml(survey.title)}</h1><noscript><p>${said.noScript}</p></noscript></main>
<script type="application/json" id="xiang-survey-data">${scriptJson(survey)}</script>
<script src="/widget-survey.js" data-mode="page" data-lang="${lang}"${visitor ? ` data-visitor="${visitor}"` : ''}></script>`;
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page(lang, survey.title || said.title, body));
  });
}
