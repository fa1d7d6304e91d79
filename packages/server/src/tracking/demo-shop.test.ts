import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { allowDemoShopHere, demoSite, demoSiteKey, ownOrigins } from '../demo/site.ts';
import { forgetSiteKeys } from './site-keys.ts';
import { shopProducts } from '../demo/shop-catalogue.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());
const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('the demo shop (/demo/shop)', () => {
  it('says it comes with the demo where there is no demo site', async () => {
    const answer = await get('/demo/shop');
    expect(answer.statusCode).toBe(404);
    expect(answer.body).toContain('DEMO=1');
  });

  describe('with the demo site', () => {
    beforeAll(async () => {
      await demoSite(t.database.db, t.org.networks[0].id);
      forgetSiteKeys();
    });

    it('lets the shop send from the server\'s origins when it is started again on another port', async () => {
      const site = await allowDemoShopHere(t.database.db, 4987);
      expect(site?.allowedOrigins).toEqual(expect.arrayContaining([...ownOrigins(), ...ownOrigins(4987)]));
      forgetSiteKeys();
      const sent = await t.app.inject({ method: 'POST', url: '/api/v1/collect', headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:4987' },
        payload: JSON.stringify({ site: demoSiteKey, visitorId: 'another-port-visitor', sentAt: Date.now(), events: [{ id: 'another-port-0001', type: 'pageview', at: Date.now(), url: 'http://127.0.0.1:4987/demo/shop' }] }) });
      expect(sent.statusCode, sent.body).toBe(200);
      // Asked again, nothing changes.
      expect((await allowDemoShopHere(t.database.db, 4987))?.allowedOrigins).toEqual(site?.allowedOrigins);
    });

    it('carries the real tracker with the demo site\'s key on every page, in Chinese by default and in English', async () => {
      for (const url of ['/demo/shop', `/demo/shop/products/${shopProducts[0].slug}`, '/demo/shop/search?q=宽带', '/demo/shop/cart', '/demo/shop/thanks']) {
        const answer = await get(url);
        expect(answer.statusCode, url).toBe(200);
        expect(answer.body).toContain(`<script async src="/widget.js" data-site="${demoSiteKey}"></script>`);
        expect(answer.body).toContain('<html lang="zh-CN">');
      }
      const english = await get('/demo/shop?lang=en');
      expect(english.body).toContain('<html lang="en">');
      expect(english.body).toContain(shopProducts[0].en);
    });

    it('finds products by the words people type, and shows what was searched for as text only', async () => {
      const found = await get(`/demo/shop/search?q=${encodeURIComponent('宽带')}`);
      expect(found.body).toContain('千兆光宽带');
      expect(found.body).not.toContain('iPhone 16</a>');
      const hostile = await get(`/demo/shop/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
      expect(hostile.statusCode).toBe(200);
      expect(hostile.body).not.toContain('<script>alert(1)');
      expect(hostile.body).toContain('&#60;script&#62;');
    });

    it('answers 404 for a product it does not sell, and serves its own script and style', async () => {
      expect((await get('/demo/shop/products/no-such-thing')).statusCode).toBe(404);
      const script = await get('/demo/shop/shop.js');
      expect(script.headers['content-type']).toContain('text/javascript');
      expect(script.body).toContain("xiang.track('checkout'");
      expect((await get('/demo/shop/shop.css')).headers['content-type']).toContain('text/css');
    });

    it('lets the page\'s own origin send to the demo site', async () => {
      const answer = await t.app.inject({
        method: 'POST', url: '/api/v1/collect',
        headers: { 'content-type': 'text/plain', origin: ownOrigins()[0], 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36' },
        payload: JSON.stringify({ site: demoSiteKey, visitorId: 'shop-visitor-1', sentAt: Date.now(), events: [{ id: 'shop-ev-000001', type: 'pageview', at: Date.now(), url: `${ownOrigins()[0]}/demo/shop` }] }),
      });
      expect(answer.statusCode, answer.body).toBe(200);
    });
  });
});
