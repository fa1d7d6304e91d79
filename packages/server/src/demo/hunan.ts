/** 湖南省 14 个本地网 — the province's local networks, with area codes and districts. */
export const localNetworks = [
  { code: 'CS', name: '长沙', nameEn: 'Changsha', areaCode: '731', districts: ['芙蓉区', '天心区', '岳麓区', '开福区', '雨花区', '望城区'] },
  { code: 'ZZ', name: '株洲', nameEn: 'Zhuzhou', areaCode: '731', districts: ['荷塘区', '芦淞区', '石峰区', '天元区'] },
  { code: 'XT', name: '湘潭', nameEn: 'Xiangtan', areaCode: '731', districts: ['雨湖区', '岳塘区'] },
  { code: 'HY', name: '衡阳', nameEn: 'Hengyang', areaCode: '734', districts: ['珠晖区', '雁峰区', '石鼓区', '蒸湘区'] },
  { code: 'SY', name: '邵阳', nameEn: 'Shaoyang', areaCode: '739', districts: ['双清区', '大祥区', '北塔区'] },
  { code: 'YY', name: '岳阳', nameEn: 'Yueyang', areaCode: '730', districts: ['岳阳楼区', '云溪区', '君山区'] },
  { code: 'CD', name: '常德', nameEn: 'Changde', areaCode: '736', districts: ['武陵区', '鼎城区'] },
  { code: 'ZJJ', name: '张家界', nameEn: 'Zhangjiajie', areaCode: '744', districts: ['永定区', '武陵源区'] },
  { code: 'YIY', name: '益阳', nameEn: 'Yiyang', areaCode: '737', districts: ['资阳区', '赫山区'] },
  { code: 'CZ', name: '郴州', nameEn: 'Chenzhou', areaCode: '735', districts: ['北湖区', '苏仙区'] },
  { code: 'YZ', name: '永州', nameEn: 'Yongzhou', areaCode: '746', districts: ['零陵区', '冷水滩区'] },
  { code: 'HH', name: '怀化', nameEn: 'Huaihua', areaCode: '745', districts: ['鹤城区', '洪江市'] },
  { code: 'LD', name: '娄底', nameEn: 'Loudi', areaCode: '738', districts: ['娄星区', '冷水江市'] },
  { code: 'XX', name: '湘西', nameEn: 'Xiangxi', areaCode: '743', districts: ['吉首市', '凤凰县'] },
] as const;

export const surnames = [...'王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武易向'];
export const givenNameChars = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力燕鹏飞宇浩然欣怡梓涵子轩思雨博文佳琪嘉怡俊杰晨阳雅婷志强海燕春梅国庆湘楠岚'];
export const enterpriseWords = ['湘江', '岳麓', '洞庭', '芙蓉', '潇湘', '星城', '麓山', '橘洲', '楚天', '三湘', '南岭', '雪峰', '天心', '梅溪'];
export const enterpriseTrades = [
  { word: '科技', industry: '信息技术' }, { word: '物流', industry: '交通物流' }, { word: '建工', industry: '建筑' },
  { word: '医药', industry: '医疗卫生' }, { word: '食品', industry: '制造' }, { word: '商贸', industry: '批发零售' },
  { word: '文旅', industry: '文化旅游' }, { word: '教育', industry: '教育' }, { word: '机械', industry: '制造' },
];
export const streets = ['人民路', '解放路', '五一大道', '芙蓉路', '韶山路', '建设路', '中山路', '湘江路', '车站路', '书院路'];

/** 产品目录 — the operator's catalogue; fees in fen. */
export const demoProducts = [
  { code: 'MOB-58', name: '畅享 58元套餐', category: 'mobile', monthlyFeeFen: 5800 },
  { code: 'MOB-89', name: '畅享 89元套餐', category: 'mobile', monthlyFeeFen: 8900 },
  { code: 'MOB-129', name: '畅享 129元套餐', category: 'mobile', monthlyFeeFen: 12900 },
  { code: 'MOB-199', name: '5G 尊享 199元套餐', category: 'mobile', monthlyFeeFen: 19900 },
  { code: 'BB-300M', name: '光宽带 300M', category: 'broadband', monthlyFeeFen: 9900 },
  { code: 'BB-1000M', name: '千兆光宽带', category: 'broadband', monthlyFeeFen: 15900 },
  { code: 'IPTV-STD', name: 'IPTV 标准版', category: 'iptv', monthlyFeeFen: 2000 },
  { code: 'IPTV-4K', name: 'IPTV 4K 超清版', category: 'iptv', monthlyFeeFen: 3000 },
  { code: 'FIX-BASIC', name: '固定电话 基础版', category: 'fixed_line', monthlyFeeFen: 1500 },
  { code: 'VAS-RING', name: '彩铃', category: 'value_added', monthlyFeeFen: 500 },
  { code: 'VAS-CLOUD', name: '云盘 会员', category: 'value_added', monthlyFeeFen: 1000 },
  { code: 'ENT-LINE', name: '政企专线 100M', category: 'broadband', monthlyFeeFen: 200000 },
] as const;
