import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { anyone } from '../platform/access.ts';
import { serverRoot } from '../platform/paths.ts';
import { demoSiteKey } from '../demo/site.ts';
import { shopPath, shopProducts, type ShopProduct } from '../demo/shop-catalogue.ts';
import { siteByKey } from './site-keys.ts';

type Lang = 'zh' | 'en';
const words = {
  zh: { shop: '湘信演示商城', skip: '跳到正文', cart: '购物车', search: '搜索', searchLabel: '搜索商品', products: '全部商品', add: '加入购物车',
    results: '搜索结果', noResults: '没有找到相关商品，换个词试试，例如“宽带”。', checkout: '结算', name: '收货人', phone: '手机号码', address: '收货地址',
    placeOrder: '提交订单', total: '合计', thanks: '谢谢！订单已提交（演示，不会发货）。', back: '继续逛逛', other: 'English', otherLang: 'en',
    perMonth: '/月', notFound: '没有这件商品。', noShop: '演示商城随演示数据一起提供：以 DEMO=1 在空数据目录上启动服务器即可。',
    footer: '这是演示站点：你在这里的浏览、搜索和加购会实时出现在控制台的“网站数据采集 → 演示商城”。' },
  en: { shop: 'Xiang demo shop', skip: 'Skip to the content', cart: 'Cart', search: 'Search', searchLabel: 'Search the products', products: 'All products', add: 'Add to cart',
    results: 'Search results', noResults: 'Nothing matches; try another word, e.g. "broadband".', checkout: 'Checkout', name: 'Name', phone: 'Mobile number', address: 'Delivery address',
    placeOrder: 'Place the order', total: 'Total', thanks: 'Thank you! The order is placed (a demo: nothing is sent).', back: 'Keep shopping', other: '中文', otherLang: 'zh',
    perMonth: '/month', notFound: 'There is no such product.', noShop: 'The demo shop comes with the demo data: start the server with DEMO=1 on an empty data directory.',
    footer: 'A demo site: what you look at, search for and put in the cart here shows in the console under Web data → 演示商城, as it happens.' },
} as const;

// From the sources whether the server runs under tsx or from the start bundle (dist/), like the migrations.
const files = path.join(serverRoot, 'src/demo/shop');
const asset = (name: string) => readFileSync(path.join(files, name));

/** Text made safe for HTML, as content or inside a double-quoted attribute. */
const esc = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * 演示商城 — `/demo/shop`: a small public shop served by this server that carries the real tracker
 * (`/widget.js`) with the demo site's key, so a person can browse, search, add to the cart and
 * check out, and watch the site's live counts and visitors list in the console change. Plain
 * server-made HTML; the cart is one small script file (the CSP runs no inline script).
 */
export async function demoShopRoutes(app: FastifyInstance) {
  const page = async (reply: FastifyReply, lang: Lang, title: string, body: string, here: string, status = 200) => {
    const site = await siteByKey(app.db, demoSiteKey);
    const w = words[lang];
    if (!site) return reply.code(404).type('text/plain; charset=utf-8').send(w.noShop);
    const q = lang === 'en' ? '?lang=en' : '';
    const catalogue = JSON.stringify(shopProducts.map(({ slug, zh, en, price }) => ({ slug, zh, en, price }))).replace(/</g, '\\u003c');
    const otherHref = `${here}${here.includes('?') ? '&' : '?'}lang=${w.otherLang}`;
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(`<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(w.shop)}</title><link rel="stylesheet" href="${shopPath}/shop.css">
<script async src="/widget.js" data-site="${esc(demoSiteKey)}"></script><script defer src="${shopPath}/shop.js"></script>
<script type="application/json" id="catalogue">${catalogue}</script></head>
<body><a class="skip" href="#main">${esc(w.skip)}</a>
<header><div class="top"><a class="brand" href="${shopPath}${q}">${esc(w.shop)}</a>
<nav aria-label="${esc(w.shop)}"><ul><li><a href="${shopPath}/cart${q}">${esc(w.cart)} (<span data-cart-count>0</span>)</a></li>
<li><a href="${esc(otherHref)}" lang="${w.otherLang === 'en' ? 'en' : 'zh-CN'}">${esc(w.other)}</a></li></ul></nav></div>
<form class="search" role="search" action="${shopPath}/search" method="get"><label for="q" class="skip">${esc(w.searchLabel)}</label>
<input id="q" name="q" type="search" placeholder="${esc(w.searchLabel)}">${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<button type="submit">${esc(w.search)}</button></form></header>
<main id="main">${body}</main><footer>${esc(w.footer)}</footer></body></html>`);
  };
  const langOf = (query: unknown): Lang => ((query as { lang?: string }).lang === 'en' ? 'en' : 'zh');
  const link = (lang: Lang, p: ShopProduct) => `${shopPath}/products/${p.slug}${lang === 'en' ? '?lang=en' : ''}`;
  const price = (lang: Lang, p: ShopProduct) => `¥${p.price.toLocaleString('en')}${p.category === 'plans' || p.category === 'broadband' ? words[lang].perMonth : ''}`;
  const list = (lang: Lang, products: readonly ShopProduct[]) => `<ul class="products">${products.map((p) => `<li class="card">
<h2><a href="${link(lang, p)}">${esc(p[lang])}</a></h2><p class="muted">${esc(lang === 'en' ? p.enNote : p.zhNote)}</p><p class="price">${esc(price(lang, p))}</p></li>`).join('')}</ul>`;

  app.get(shopPath, { config: anyone, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req.query);
    return page(reply, lang, words[lang].products, `<h1>${esc(words[lang].products)}</h1>${list(lang, shopProducts)}`, shopPath);
  });
  app.get(`${shopPath}/products/:slug`, { config: anyone, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req.query);
    const w = words[lang];
    const p = shopProducts.find((x) => x.slug === (req.params as { slug: string }).slug);
    if (!p) return page(reply, lang, w.notFound, `<h1>${esc(w.notFound)}</h1><p><a href="${shopPath}${lang === 'en' ? '?lang=en' : ''}">${esc(w.back)}</a></p>`, shopPath, 404);
    return page(reply, lang, p[lang], `<article class="card"><h1>${esc(p[lang])}</h1><p class="muted">${esc(lang === 'en' ? p.enNote : p.zhNote)}</p>
<p class="price">${esc(price(lang, p))}</p><button type="button" data-add-to-cart="${esc(p.slug)}" data-xiang-event="add_to_cart">${esc(w.add)}</button>
<p class="status" role="status" aria-live="polite"></p></article>`, `${shopPath}/products/${p.slug}`);
  });
  app.get(`${shopPath}/search`, { config: anyone, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req.query);
    const w = words[lang];
    const q = String((req.query as { q?: unknown }).q ?? '').trim().slice(0, 100);
    const needle = q.toLowerCase().replace(/套餐$/, '');
    const found = shopProducts.filter((p) => needle && [p.zh, p.en, p.zhNote, p.enNote, p.category].some((text) => text.toLowerCase().includes(needle)));
    return page(reply, lang, `${w.results}: ${q}`, `<h1>${esc(w.results)}：${esc(q)}</h1>${found.length ? list(lang, found) : `<p>${esc(w.noResults)}</p>`}`,
      `${shopPath}/search?q=${encodeURIComponent(q)}`);
  });
  app.get(`${shopPath}/cart`, { config: anyone, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req.query);
    const w = words[lang];
    return page(reply, lang, w.cart, `<h1>${esc(w.cart)}</h1><ul id="cart-items"></ul><p>${esc(w.total)}: <strong id="cart-total">¥0</strong></p>
<form class="checkout card" action="${shopPath}/thanks" method="get"><h2>${esc(w.checkout)}</h2>
${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<label for="name">${esc(w.name)}</label><input id="name" autocomplete="name" required>
<label for="phone">${esc(w.phone)}</label><input id="phone" type="tel" autocomplete="tel" inputmode="tel" required>
<label for="address">${esc(w.address)}</label><input id="address" autocomplete="street-address" required>
<p><button type="submit">${esc(w.placeOrder)}</button></p><p class="status" role="status" aria-live="polite"></p></form>`, `${shopPath}/cart`);
  });
  app.get(`${shopPath}/thanks`, { config: anyone, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req.query);
    const w = words[lang];
    return page(reply, lang, w.thanks, `<h1>${esc(w.thanks)}</h1><p><a class="button" href="${shopPath}${lang === 'en' ? '?lang=en' : ''}">${esc(w.back)}</a></p>`, `${shopPath}/thanks`);
  });
  for (const [name, type] of [['shop.css', 'text/css'], ['shop.js', 'text/javascript']] as const) {
    const body = asset(name);
    app.get(`${shopPath}/${name}`, { config: anyone, schema: { hide: true } }, async (_req, reply) =>
      reply.type(`${type}; charset=utf-8`).header('cache-control', 'public, max-age=300').send(body));
  }
}
