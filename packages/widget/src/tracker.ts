/**
 * 网站追踪脚本 — what a site's pages load with one tag:
 *   <script async src="https://crm.example.cn/widget.js" data-site="KEY"></script>
 * (`data-consent="required"` when the site asks visitors first). Page views (also a single-page
 * app's navigation), clicks on links and on elements with `data-xiang-event`, and
 * `xiang.track(name, props)`, sent in batches to /api/v1/collect. Nothing at all under
 * Do-Not-Track; before consent where the site requires it, no cookie, no storage, no visitor id:
 * the page views are counted, not linked to anyone.
 */
import { createQueue, type Outcome, type QueuedEvent } from './queue.ts';

type Props = Record<string, string | number | boolean | null>;

const w = window;
const d = document;
const nav = navigator;
const script = d.currentScript as HTMLScriptElement | null;
const site = script?.getAttribute('data-site');
const isConsentRequired = script?.getAttribute('data-consent') === 'required';
const isDoNotTrack = nav.doNotTrack === '1' || (w as { doNotTrack?: string }).doNotTrack === '1' || (nav as { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
const endpoint = script && new URL('/api/v1/collect', script.src).href;
const cookieName = 'xiang_vid';
const storageKey = 'xiang_q_' + site;
const yearSeconds = 31_536_000;

const randomId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const b of bytes) id += (b < 16 ? '0' : '') + b.toString(16);
  return id;
};
const clip = (text: unknown, max: number) => (text == null ? undefined : String(text).slice(0, max));

function readCookie(): string | undefined {
  const found = d.cookie.match(new RegExp('(?:^|; )' + cookieName + '=([A-Za-z0-9_-]{8,64})'));
  return found ? found[1] : undefined;
}
function writeCookie(value: string, maxAge: number) {
  d.cookie = cookieName + '=' + value + '; max-age=' + maxAge + '; path=/; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
}

let hasConsent = !isConsentRequired;
let visitorId: string | undefined;
/**
 * 身份 — who the site's server says the signed-in visitor is, sent with every batch of this page
 * load. Kept in memory only, not in sessionStorage: a signed-in page calls identify on each load,
 * and a signature left in storage would go on naming the person after they sign out on a shared
 * computer, readable by any script of the site.
 */
let identity: { kind: string; value: string; expiresAt: number; signature: string } | undefined;

/** First-party visitor id, a year; only when the visitor may be recognised. */
function recognise() {
  if (!hasConsent) return;
  visitorId = readCookie() || randomId();
  writeCookie(visitorId, yearSeconds);
}

function storage(): Storage | undefined {
  try {
    return hasConsent ? w.localStorage : undefined;
  } catch {
    return undefined; // storage switched off, or a sandboxed frame
  }
}

function restore(): QueuedEvent[] {
  try {
    return JSON.parse(storage()?.getItem(storageKey) || '[]');
  } catch {
    return [];
  }
}

async function send(events: QueuedEvent[], isLeaving: boolean): Promise<Outcome> {
  // Before consent no identity leaves the page: the server would not link it anyway.
  // An expired signature would have the whole batch refused: past its time the page's visits go unnamed instead.
  const vouched = hasConsent && identity && identity.expiresAt > Date.now() ? identity : undefined;
  const body = JSON.stringify({ site, visitorId, consent: hasConsent || undefined, sentAt: Date.now(), events, identity: vouched });
  // text/plain: a "simple" request, sent without a preflight (which sendBeacon cannot make).
  if (isLeaving && nav.sendBeacon) return nav.sendBeacon(endpoint!, new Blob([body], { type: 'text/plain' })) ? 'done' : 'retry';
  try {
    const answer = await fetch(endpoint!, { method: 'POST', body, keepalive: body.length < 60_000, credentials: 'omit', headers: { 'content-type': 'text/plain' } });
    // A refusal (wrong key, origin, bad event) is final; a busy or failing server is asked again.
    return answer.ok || (answer.status < 500 && answer.status !== 429 && answer.status !== 408) ? 'done' : 'retry';
  } catch {
    return 'retry';
  }
}

const queue = createQueue({
  send,
  keep(events) {
    try {
      storage()?.setItem(storageKey, JSON.stringify(events));
    } catch { /* full: the events stay in memory */ }
  },
  isOnline: () => nav.onLine !== false,
}, restore());

function record(type: string, fields: Record<string, unknown> = {}) {
  queue.add({ id: randomId(), type, at: Date.now(), url: clip(location.href, 2048), ...fields } as QueuedEvent);
}

/**
 * 问卷 — `xiang.survey(key)` shows the survey over the page. Its form is a second script
 * (/widget-survey.js), loaded only when asked, so this one stays small; it gets the visitor id,
 * so a known visitor's answer goes on the customer's timeline.
 */
function survey(key: string) {
  const tag = d.createElement('script');
  tag.src = new URL('/widget-survey.js', script!.src).href;
  tag.setAttribute('data-key', key);
  if (visitorId) tag.setAttribute('data-visitor', visitorId);
  d.head.appendChild(tag);
}

let lastUrl: string | undefined;
function pageView() {
  const url = location.href;
  if (url === lastUrl) return;
  const params = new URLSearchParams(location.search);
  const utm: Record<string, string> = {};
  for (const key of ['source', 'medium', 'campaign', 'term', 'content']) {
    const value = params.get('utm_' + key);
    if (value) utm[key] = value.slice(0, 200);
  }
  record('pageview', { referrer: clip(lastUrl ?? (d.referrer || undefined), 2048), title: clip(d.title, 500), utm: Object.keys(utm).length ? utm : undefined });
  lastUrl = url;
}

function watchNavigation() {
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      pageView();
      return result;
    };
  }
  w.addEventListener('popstate', pageView);
}

function watchClicks() {
  d.addEventListener('click', (e) => {
    const element = (e.target as Element | null)?.closest?.('[data-xiang-event],a[href]');
    if (!element) return;
    const name = element.getAttribute('data-xiang-event');
    const href = (element as HTMLAnchorElement).href;
    record('click', { name: clip(name, 100), target: clip(href, 2048), props: { text: clip((element.textContent || '').trim(), 200) ?? null } });
  }, true);
}

function watchLeaving() {
  const leave = () => void queue.flush(true);
  w.addEventListener('pagehide', leave);
  d.addEventListener('visibilitychange', () => d.visibilityState === 'hidden' && leave());
  w.addEventListener('online', () => void queue.retryNow());
}

const api = {
  survey,
  /** A custom event: `xiang.track('coupon_claimed', { coupon: 'NEWYEAR' })`. */
  track(name: string, props?: Props) {
    record('custom', { name: clip(name, 100), props });
  },
  /**
   * The signed-in visitor, as the site's server vouches: `signature` is the hex HMAC-SHA256 of
   * `${kind}:${value}:${visitorId}:${expiresAt}` (the visitor id is the `xiang_vid` cookie) with the
   * site's identity secret, computed on that server, never in the page.
   */
  identify(kind: string, value: string, signature: string, expiresAt: number) {
    identity = { kind, value: String(value), expiresAt: Number(expiresAt), signature };
  },
  /**
   * 网上注册 — the page's registration form, as the person typed it: kept by the CRM as a lead, never
   * joined to a customer (the site's server vouches for that). Resolves true once it is received.
   */
  register(person: Props, consents?: Props) {
    return fetch(endpoint + '/registrations', { method: 'POST', credentials: 'omit', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ site, visitorId, person, consents }) }).then((answer) => answer.ok, () => false);
  },
  /** The visitor's answer to the site's consent question: with it, a cookie and storage; without, none. */
  consent(isGiven: boolean) {
    hasConsent = isGiven || !isConsentRequired;
    if (hasConsent) recognise();
    else {
      writeCookie('', 0);
      visitorId = undefined;
      try { w.localStorage.removeItem(storageKey); } catch { /* nothing kept */ }
    }
  },
};

if (site && endpoint && !isDoNotTrack) {
  // Calls made before the script loaded (`window.xiang = window.xiang || []; xiang.push(['track', …])`).
  const early = (w as { xiang?: unknown }).xiang;
  (w as { xiang?: unknown }).xiang = api;
  recognise();
  if (Array.isArray(early)) for (const [method, ...args] of early) (api as Record<string, (...a: unknown[]) => void>)[method]?.(...args);
  pageView();
  watchNavigation();
  watchClicks();
  watchLeaving();
} else {
  // Under Do-Not-Track a survey is still shown when asked, answered without a visitor id.
  (w as { xiang?: unknown }).xiang = { track() {}, consent() {}, identify() {}, register: () => Promise.resolve(false), survey: script ? survey : () => {} };
}
