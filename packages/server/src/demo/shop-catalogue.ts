/**
 * 演示商城 — what the demo shop (/demo/shop) sells, and what its demo visitors looked at: the
 * same products, so the visitors list and a customer's web activity name pages that exist.
 */
export interface ShopProduct {
  slug: string;
  category: 'plans' | 'broadband' | 'phones' | 'home';
  zh: string;
  en: string;
  /** Yuan; a plan's price is per month. */
  price: number;
  zhNote: string;
  enNote: string;
}

export const shopProducts: readonly ShopProduct[] = [
  { slug: '5g-plan-129', category: 'plans', zh: '5G 畅享套餐 129 元', en: '5G Unlimited plan ¥129', price: 129, zhNote: '每月 60GB 通用流量，500 分钟通话', enNote: '60 GB of data and 500 minutes a month' },
  { slug: '5g-plan-199', category: 'plans', zh: '5G 尊享套餐 199 元', en: '5G Premium plan ¥199', price: 199, zhNote: '每月 100GB 流量，含视频会员', enNote: '100 GB a month with a video membership' },
  { slug: 'data-pack-10g', category: 'plans', zh: '10GB 流量包', en: '10 GB data pack', price: 30, zhNote: '当月有效，叠加使用', enNote: 'For this month, on top of any plan' },
  { slug: 'gigabit-broadband', category: 'broadband', zh: '千兆光宽带', en: 'Gigabit fibre broadband', price: 99, zhNote: '千兆下行，免费上门安装', enNote: '1 Gbit/s down, installed for free' },
  { slug: 'iptv-4k', category: 'broadband', zh: 'IPTV 4K 超清版', en: 'IPTV 4K', price: 20, zhNote: '百余套直播频道与点播', enNote: 'A hundred live channels and video on demand' },
  { slug: 'wifi7-router', category: 'home', zh: 'Wi-Fi 7 路由器', en: 'Wi-Fi 7 router', price: 399, zhNote: '全屋覆盖，三频', enNote: 'Tri-band, covers the whole home' },
  { slug: 'smart-lock', category: 'home', zh: '智能门锁', en: 'Smart door lock', price: 1299, zhNote: '指纹与手机开锁', enNote: 'Opens by fingerprint or phone' },
  { slug: 'mate-70', category: 'phones', zh: '华为 Mate 70', en: 'Huawei Mate 70', price: 5499, zhNote: '合约购机立减 800 元', enNote: '¥800 off with a two-year plan' },
  { slug: 'iphone-16', category: 'phones', zh: 'iPhone 16', en: 'iPhone 16', price: 5999, zhNote: '以旧换新最高抵 2000 元', enNote: 'Up to ¥2,000 for your old phone' },
  { slug: 'redmi-k80', category: 'phones', zh: 'Redmi K80', en: 'Redmi K80', price: 2499, zhNote: '5G 双卡，24 期免息', enNote: '5G dual SIM, 24 months interest-free' },
];

/** What people type into the shop's search box (the demo visitors' searches). */
export const shopSearches = ['5G套餐', '宽带', '流量包', 'iPhone', '华为', '路由器', '携号转网', '副卡', '宽带续费', '手机'] as const;

/** The shop's pages under the server's origin. */
export const shopPath = '/demo/shop';
