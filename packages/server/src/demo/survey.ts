import { eq } from 'drizzle-orm';
import type { AnswerValue, Question } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { trackingSurveyResponses, trackingSurveys } from '../tracking/schema.ts';
import { seededRandom } from './random.ts';

/** The demo survey's key: fixed, so its link (/s/xiang-demo-survey-2026) is the same on every demo. */
export const demoSurveyKey = 'xiang-demo-survey-2026';
export const demoSurveyResponses = 240;
const day = 86_400_000;

const questions: Question[] = [
  { id: 'visit', kind: 'single', title: '您今天来商城主要办理什么？', isRequired: true, options: [
    { id: 'plan', label: '选购或更换套餐' }, { id: 'broadband', label: '宽带办理' }, { id: 'topup', label: '充值缴费' }, { id: 'other', label: '其他' }] },
  { id: 'found', kind: 'multiple', title: '哪些方面让您满意？', isRequired: false, options: [
    { id: 'price', label: '价格清楚' }, { id: 'speed', label: '页面快' }, { id: 'search', label: '搜索好用' }, { id: 'checkout', label: '下单方便' }] },
  { id: 'nps', kind: 'rating', scale: 'nps', title: '您有多大可能把湘信演示商城推荐给亲友？', isRequired: true },
  { id: 'say', kind: 'text', title: '还有什么建议？', isRequired: false },
];
const remarks = ['套餐对比再清楚一点', '希望支持夜间上门安装', '搜索很快', '结账步骤可以少一步', '客服回复及时', '页面在手机上很好用'];

/**
 * 演示问卷 — an open satisfaction survey on the demo shop's site with a few hundred answers over the
 * last 30 days, so the surveys page and its charts have something to show. Anonymous answers (no
 * visitor, no customer): a linked answer would need its timeline entry, and the demo's web activity
 * already gives the 360° page that. Made once; a later load finds it by its key.
 */
export async function seedDemoSurvey(db: Db, site: { id: string; unitId: string }, now = Date.now()) {
  const [found] = await db.select({ id: trackingSurveys.id }).from(trackingSurveys).where(eq(trackingSurveys.key, demoSurveyKey));
  if (found) return;
  const random = seededRandom(2026_12_04);
  await db.transaction(async (tx) => {
    const opened = new Date(now - 30 * day);
    const [survey] = await tx.insert(trackingSurveys).values({
      siteId: site.id, unitId: site.unitId, key: demoSurveyKey, status: 'open', title: '演示商城购物体验调查',
      intro: '占用您一分钟，帮助我们把网上商城做得更好。', thanks: '感谢您的反馈！', questions, openedAt: opened, createdAt: opened, updatedAt: opened,
    }).returning({ id: trackingSurveys.id });
    await tx.insert(trackingSurveyResponses).values(Array.from({ length: demoSurveyResponses }, (_, i) => {
      const answers: Record<string, AnswerValue> = {
        visit: [random.pick(['plan', 'plan', 'broadband', 'topup', 'other'])],
        nps: Math.min(10, Math.max(0, Math.round(7.5 + (random.next() - 0.4) * 6))),
      };
      const liked = ['price', 'speed', 'search', 'checkout'].filter(() => random.chance(0.4));
      if (liked.length) answers.found = liked;
      if (random.chance(0.3)) answers.say = random.pick(remarks);
      return { surveyId: survey.id, submissionId: `demo-${i}`, answers, submittedAt: new Date(now - random.next() * 30 * day) };
    }));
  });
}
