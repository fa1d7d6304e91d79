import type { Db } from '../platform/db/index.ts';
import { knowledgeArticles, knowledgeArticleVersions } from '../knowledge/schema.ts';
import { searchColumns } from '../knowledge/search.ts';

type Category = (typeof knowledgeArticles.$inferInsert)['category'];
interface DemoArticle { title: string; category: Category; tags: string[]; audience: 'internal' | 'public'; status?: 'draft' | 'published'; body: string }

/** 知识库 — what a telecom's service desk looks up most, some for customers (公开), some for staff only (内部). */
const articles: DemoArticle[] = [
  { title: '宽带无法上网的故障排查步骤', category: 'broadband', tags: ['宽带', '断网', '故障排查'], audience: 'public',
    body: '1. 查看光猫指示灯：PON 灯常亮、LOS 灯熄灭为正常。\n2. 重启光猫和路由器：断电 30 秒后再通电。\n3. 用网线直连电脑测试，排除路由器和 WiFi 的问题。\n4. 仍无法上网，请拨打 10000 或在网上营业厅报障，我们会在 24 小时内处理。' },
  { title: '光猫指示灯说明：PON、LOS、LAN 各代表什么', category: 'broadband', tags: ['光猫', '指示灯', 'LOS'], audience: 'public',
    body: 'PON 灯：常亮表示光路注册成功，闪烁表示正在注册。\nLOS 灯：熄灭为正常；红色闪烁或常亮表示光信号中断，请检查光纤是否弯折、接头是否松动。\nLAN 灯：对应网口连接了设备时亮起，有数据时闪烁。\n电源灯不亮请检查电源适配器。' },
  { title: '光猫 LOS 灯红色闪烁的处理（坐席版）', category: 'broadband', tags: ['光猫', 'LOS', '派单'], audience: 'internal',
    body: 'LOS 红灯说明用户侧收不到光信号。\n- 先在综合告警平台查询该用户所在 PON 口是否有批量告警，有则按区域故障答复，不单独派单。\n- 无批量告警：引导客户检查光纤弯折和接头，重启光猫。\n- 仍为红灯：派装维上门，工单类型选“故障申报-宽带”，承诺时限 24 小时，大客户 4 小时。' },
  { title: '宽带网速慢怎么办', category: 'broadband', tags: ['宽带', '网速', 'WiFi'], audience: 'public',
    body: '网速慢多数与 WiFi 信号有关：\n- 路由器尽量放在家中开阔的中心位置，远离微波炉等电器；\n- 5G 频段（不是 5G 手机网络）速度快但穿墙弱，2.4G 穿墙强但速度慢；\n- 用网线连接电脑测速，测速网址 speedtest.10000.example。\n有线测速明显低于签约带宽，请报障。' },
  { title: '宽带提速与升级办理', category: 'broadband', tags: ['宽带', '提速', '千兆'], audience: 'public',
    body: '现有宽带可升级到 500M 或千兆，次日生效，无需更换光纤。千兆宽带建议更换支持 WiFi 6 的路由器。可在掌上营业厅“宽带提速”办理，或到营业厅办理。' },
  { title: '宽带移机办理流程', category: 'broadband', tags: ['宽带', '移机'], audience: 'public',
    body: '搬家需要移机的，请提前 3 个工作日预约。新地址需在光纤覆盖范围内，可拨打 10000 查询。移机当天装维人员上门，原地址的光猫请一并带到新地址。' },
  { title: '装维上门预约与改约规范', category: 'broadband', tags: ['装维', '预约', '投诉'], audience: 'internal',
    body: '预约时段为 2 小时，装维人员须在上门前 30 分钟电话联系客户。客户改约须在原预约时段前 2 小时提出。未按约上门属于服务投诉，坐席应立即升级给班组长并在工单中记录。' },
  { title: '5G 套餐变更规则', category: 'plans', tags: ['5G', '套餐变更'], audience: 'public',
    body: '套餐变更当月申请、次月 1 日生效；当月仍按原套餐计费。由高档位改低档位时，如有合约未到期，须合约期满后办理。变更可在掌上营业厅、网上营业厅或营业厅办理。' },
  { title: '5G 套餐升级常见问题', category: 'plans', tags: ['5G', '升级', '流量'], audience: 'public',
    body: '问：升级 5G 套餐需要换卡吗？答：2016 年以后的 USIM 卡一般无需换卡，可在营业厅检测。\n问：手机不支持 5G 能办理吗？答：可以办理，但只能使用 4G 网络。\n问：流量用完会怎样？答：超出部分按套餐说明计费，可订购流量包。' },
  { title: '流量包订购与退订', category: 'plans', tags: ['流量包', '退订'], audience: 'public',
    body: '月包当月有效，订购后立即生效；退订次月生效。日包当天有效。发送短信“LLCX”到 10001 可查询剩余流量。' },
  { title: '合约机与套餐合约的解约说明（内部）', category: 'plans', tags: ['合约', '违约金'], audience: 'internal',
    body: '合约期内解约须收取违约金：违约金 = 剩余月数 × 月承诺消费 × 30%。客户因网络覆盖问题投诉且经网优确认无法解决的，可申请免违约金，须班组长审批。' },
  { title: '话费账单疑问解答', category: 'billing', tags: ['话费', '账单'], audience: 'public',
    body: '账单由套餐月费、超出套餐的费用和增值业务费用组成。可在掌上营业厅“账单查询”查看每一项明细。如对某项费用有疑问，请联系我们核实，核实属实将按规定退费。' },
  { title: '增值业务扣费投诉处理', category: 'billing', tags: ['增值业务', '扣费', '退费'], audience: 'internal',
    body: '客户否认订购的增值业务：\n1. 查询订购记录和二次确认短信；\n2. 无二次确认的，当月费用全额退还并退订；\n3. 有确认记录的，向客户说明订购时间和渠道，可退订不退费；\n4. 同一 SP 投诉超过 3 次上报业务支撑部。' },
  { title: '电子发票开具方法', category: 'billing', tags: ['发票'], audience: 'public',
    body: '月结发票在每月 10 日后可在网上营业厅“发票管理”开具，支持下载 PDF。充值发票在充值后即可开具。企业客户开具增值税专用发票请联系客户经理。' },
  { title: '欠费停机与复机', category: 'billing', tags: ['欠费', '停机', '复机'], audience: 'public',
    body: '账户余额不足时会短信提醒，欠费后次月 10 日停机。缴清欠费后 30 分钟内自动复机。长期欠费超过 90 天的号码将被销户。' },
  { title: '携号转网办理条件', category: 'numbers', tags: ['携号转网'], audience: 'public',
    body: '办理携号转网须满足：在网满 120 天；无欠费；无未到期合约或靓号协议；已实名登记。发送短信“CXXZ#姓名#证件号码后四位”到 10001 可查询是否符合条件。' },
  { title: '携号转网挽留与核查流程（内部）', category: 'numbers', tags: ['携号转网', '挽留'], audience: 'internal',
    body: '收到携出申请后 24 小时内回访。不得以任何理由阻挠携转。可介绍适合客户的优惠，但客户坚持携出的，应在 48 小时内完成授权码发放。违规阻挠携转将被工信部通报。' },
  { title: '补换 SIM 卡', category: 'numbers', tags: ['SIM 卡', '补卡'], audience: 'public',
    body: '机主本人持有效身份证件到任意营业厅办理，补卡后原卡立即失效。异地补卡需在号码归属省内办理。' },
  { title: '号码过户办理', category: 'numbers', tags: ['过户'], audience: 'public',
    body: '过户须原机主和新机主双方持有效身份证件到营业厅办理，号码须无欠费。过户后原机主的积分和合约不转移。' },
  { title: '国际漫游开通与资费', category: 'roaming', tags: ['国际漫游', '出境'], audience: 'public',
    body: '出境前请开通国际漫游功能（实名用户默认已开通语音漫游）。建议订购目的地流量包，按天计费，到达后自动生效。未订购流量包的按标准资费计费，费用较高，请关闭数据漫游。' },
  { title: '境外无法使用手机网络怎么办', category: 'roaming', tags: ['国际漫游', '无信号'], audience: 'public',
    body: '1. 确认已开通国际漫游并订购了流量包；\n2. 打开手机的“数据漫游”开关；\n3. 手动选择当地合作运营商网络；\n4. 重启手机。仍不能使用请拨打 +86-10000 寻求帮助（免费）。' },
  { title: 'IPTV 画面卡顿、花屏的处理', category: 'tv', tags: ['IPTV', '卡顿'], audience: 'public',
    body: '请先检查机顶盒与光猫之间的网线连接，IPTV 建议使用网线而不是 WiFi。重启机顶盒和光猫。多台设备同时看高清视频时，可能占满带宽。' },
  { title: 'IPTV 机顶盒认证失败的排查（内部）', category: 'tv', tags: ['IPTV', '机顶盒', '认证'], audience: 'internal',
    body: '报错 1302 为账号认证失败：在 IPTV 平台核对业务账号与机顶盒 MAC 绑定关系。报错 1305 为网络不通：检查光猫 IPTV 口的 VLAN 配置。均无问题的远程重置机顶盒后派单。' },
  { title: '天翼看家摄像头离线', category: 'tv', tags: ['摄像头', '智慧家庭'], audience: 'public',
    body: '摄像头离线多因 WiFi 密码更改或信号弱。请在 App 中重新配网，并将摄像头放在路由器信号良好的位置。' },
  { title: '政企专线故障的受理与升级', category: 'enterprise', tags: ['专线', '大客户', '升级'], audience: 'internal',
    body: '政企专线故障一律按紧急受理，4 小时恢复。受理后立即通知客户经理，2 小时未恢复升级到网络维护中心值班长。恢复后 24 小时内向客户提交故障报告。' },
  { title: '企业宽带与固定 IP 办理', category: 'enterprise', tags: ['企业宽带', '固定 IP'], audience: 'public',
    body: '企业宽带可配固定公网 IP，需提供营业执照和经办人身份证。办理后 3 个工作日内开通。详情请联系您的客户经理。' },
  { title: '实名认证与一证通查', category: 'account', tags: ['实名', '一证通查'], audience: 'public',
    body: '按照规定，手机号码须实名登记。可通过工信部“一证通查”查询本人名下的号码，发现非本人办理的号码可到营业厅办理注销。' },
  { title: '服务密码重置', category: 'account', tags: ['密码'], audience: 'public',
    body: '服务密码可在掌上营业厅通过短信验证码重置，或机主本人持身份证件到营业厅重置。请勿将密码告知他人，工作人员不会索要您的密码。' },
  { title: '客户身份核验话术（内部）', category: 'account', tags: ['身份核验', '话术'], audience: 'internal',
    body: '办理敏感业务（补卡、过户、查询通话记录）前须核验身份：服务密码或短信验证码 + 证件号码后四位。核验失败三次的，请客户到营业厅办理。不得在电话中透露客户的完整证件号码和地址。' },
  { title: '家中手机信号弱的处理', category: 'mobile', tags: ['信号', '室内覆盖'], audience: 'public',
    body: '室内信号弱可开启手机的 VoWiFi（WiFi 通话）功能。长期信号弱请报障，我们会安排网络优化人员测试，必要时免费提供室内覆盖设备。' },
  { title: '投诉升级与回访规范（草稿）', category: 'other', tags: ['投诉', '回访'], audience: 'internal', status: 'draft',
    body: '（草稿，待审核）投诉工单须在 24 小时内首次响应，解决后 48 小时内回访。客户不满意的重新打开工单并升级。' },
];

/** The demo's knowledge base: a few dozen articles, each at version 1 by the knowledge editors. */
export async function seedDemoArticles(db: Db) {
  const now = Date.now();
  const rows = articles.map((a, i) => {
    const at = new Date(now - (articles.length - i) * 3_600_000);
    const status = a.status ?? 'published';
    return { id: crypto.randomUUID(), ...a, status, version: 1, ...searchColumns(a), updatedByName: '知识库编辑组', createdAt: at, updatedAt: at, publishedAt: status === 'published' ? at : null };
  });
  await db.insert(knowledgeArticles).values(rows);
  await db.insert(knowledgeArticleVersions).values(rows.map((r) => ({
    articleId: r.id, version: 1, title: r.title, body: r.body, category: r.category, tags: r.tags, audience: r.audience, status: r.status, authorName: r.updatedByName, createdAt: r.createdAt,
  })));
}
