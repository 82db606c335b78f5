import type { KnowledgeCategory, ScriptLanguage, ScriptSituation } from '../knowledge/knowledge-categories';

/**
 * The demo knowledge base (知识库), from seed 004's list: store promises, 价保, 质保, logistics, the national
 * 三包 rules, 家电下乡/节能补贴, membership points, invoices and the current promotions. `startsInDays` /
 * `runsDays` place a promotion relative to the day the demo is seeded (one runs next week).
 */
export interface DemoArticle {
  title: string;
  category: KnowledgeCategory;
  tags: string[];
  queues: string[];
  workOrderCategories: string[];
  body: string;
  startsInDays?: number;
  runsDays?: number;
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    title: '门店服务承诺 Store service promises',
    category: 'store_promise',
    tags: ['服务承诺', '门店'],
    queues: ['complaints', 'orders'],
    workOrderCategories: ['staff_attitude'],
    body: [
      '1. 首问负责：第一位接待顾客的员工负责到底，不推诿。',
      '2. 销售小票/发票上必须备注：促销电话、安装电话、400 客服电话。',
      '3. 顾客投诉 3 天内给出处理方案；3 天内无法处理的必须上报客服主管。',
      '4. 服务态度投诉：先致歉，登记工单（类别 staff_attitude），由门店店长 24 小时内回电。',
    ].join('\n'),
  },
  {
    title: '价格保护（价保）规则 Price protection',
    category: 'price_protection',
    tags: ['价保', '退差价'],
    queues: ['complaints', 'orders'],
    workOrderCategories: ['price_protection', 'promotion_dispute'],
    body: [
      '购买之日起 15 天内，同一门店同型号商品降价，凭销售小票退还差价。',
      '不参加价保：特价机、样机、团购、限时秒杀、以旧换新补贴部分。',
      '办理：顾客到购买门店前台，或由客服登记工单（类别 price_protection）转门店，门店 3 天内退差价。',
      '赠品、积分按原订单计算，不因价保重新计算。',
    ].join('\n'),
  },
  {
    title: '商品质保期一览 Warranty periods',
    category: 'warranty',
    tags: ['质保', '保修'],
    queues: ['installation', 'warranty'],
    workOrderCategories: ['product_quality', 'warranty'],
    body: [
      '整机保修：一般家电 1 年；空调整机 6 年（部分品牌压缩机 10 年）；冰箱压缩机 12 年；洗衣机电机 10 年。',
      '保修凭证：发票或销售小票 + 机身条码。无凭证按出厂日期后 3 个月起算。',
      '人为损坏、外观划伤、私自拆修不在保修范围。延保（阳光包）只保性能故障，不保外观。',
    ].join('\n'),
  },
  {
    title: '国家三包规定要点 The national 三包 rules',
    category: 'three_guarantees',
    tags: ['三包', '退换货'],
    queues: ['complaints', 'installation', 'warranty'],
    workOrderCategories: ['product_quality', 'installation'],
    body: [
      '7 日内：出现性能故障，顾客可选择退货、换货或修理。',
      '15 日内：出现性能故障，顾客可选择换货或修理。',
      '保修期内：修理两次仍不能正常使用的，凭修理记录可换货或退货。',
      '退换货须商品完好、配件齐全；因顾客使用不当造成的故障不适用三包。',
    ].join('\n'),
  },
  {
    title: '送货与签收须知 Delivery and sign-off',
    category: 'logistics',
    tags: ['送货', '开箱验机'],
    queues: ['orders', 'complaints'],
    workOrderCategories: ['late_delivery', 'delivery_no_call', 'damaged_goods'],
    body: [
      '送货前 1 小时物流必须电话联系顾客（未电联属 delivery_no_call 投诉）。',
      '市区 48 小时内送达，郊县 72 小时；大促期间以物流中心预约为准。',
      '送达后当面开箱验机：外观破损当场拒收，登记工单（类别 damaged_goods），物流中心 24 小时内补送。',
      '改约送货时间或地址：在订单系统中修改，满载日期需主管批准。',
    ].join('\n'),
  },
  {
    title: '物流售后处理时限 Logistics after-sales deadlines',
    category: 'logistics',
    tags: ['物流售后', '时限'],
    queues: ['orders'],
    workOrderCategories: ['logistics_after_sales', 'not_shipped'],
    body: ['物流售后问题：5 分钟内首次回复顾客，48 小时内解决。', '未发货：查询订单系统的出库状态，向物流中心确认预计发货日期并告知顾客。'].join('\n'),
  },
  {
    title: '家电下乡补贴办理 Rural appliance subsidy (家电下乡)',
    category: 'subsidy',
    tags: ['家电下乡', '补贴'],
    queues: ['invoices'],
    workOrderCategories: ['invoice'],
    body: [
      '适用：农村户籍顾客购买目录内产品，按销售价格 13% 补贴，单台设最高限价。',
      '所需材料：身份证、户口簿、家电下乡专用发票、产品标识卡。',
      '补贴由发票专员审核后申报，到账约 15 个工作日；进度由发票专员答复。',
    ].join('\n'),
  },
  {
    title: '节能补贴政策 Energy-saving subsidy (节能补贴)',
    category: 'subsidy',
    tags: ['节能补贴', '能效'],
    queues: ['invoices', 'orders'],
    workOrderCategories: ['invoice'],
    body: [
      '一级、二级能效的空调、冰箱、洗衣机、平板电视、热水器享受节能补贴，购买时直接抵扣。',
      '每人每类产品限补贴 1 台；退货时需退回补贴金额。',
      '补贴以国家公布的推广目录为准，目录外型号不享受。',
    ].join('\n'),
  },
  {
    title: '会员积分规则 Membership points',
    category: 'membership_points',
    tags: ['会员', '积分'],
    queues: ['membership'],
    workOrderCategories: ['membership'],
    body: [
      '消费 1 元积 1 分；特价机、团购不积分。',
      '积分有效期：积分产生次年 12 月 31 日清零。',
      '100 积分抵 1 元，可在门店前台或商城使用；积分未到账的，核对会员卡号后登记工单（类别 membership），会员专员 3 天内处理。',
    ].join('\n'),
  },
  {
    title: '发票开具与补开 Invoices',
    category: 'invoice',
    tags: ['发票', '补开'],
    queues: ['invoices'],
    workOrderCategories: ['invoice'],
    body: [
      '默认开具电子普通发票，发送至顾客手机或邮箱。',
      '增值税专用发票：提供单位名称、税号、地址电话、开户行及账号，7 个工作日内寄出。',
      '发票丢失：凭销售小票到购买门店补开；跨月补开需发票专员审批。',
    ].join('\n'),
  },
  {
    title: '空调安装收费标准 Air-conditioner installation fees',
    category: 'store_promise',
    tags: ['安装', '收费'],
    queues: ['installation'],
    workOrderCategories: ['installation', 'installation_delay'],
    body: [
      '标准安装免费（含 3 米铜管、支架）。超出部分按明码标价收费，安装工须出示收费单。',
      '预约安装：送货后 24 小时内上门；安装延误登记工单（类别 installation_delay），售后安装队当天回电。',
    ].join('\n'),
  },
  {
    title: '双十二家电节 12.12 appliance festival',
    category: 'promotion',
    tags: ['促销', '双十二', '以旧换新'],
    queues: ['orders', 'complaints', 'membership'],
    workOrderCategories: ['promotion_dispute'],
    body: [
      '活动期间全场空调、冰箱满 3000 减 300，可叠加以旧换新补贴。',
      '会员双倍积分；赠品以门店公示为准，先到先得。',
      '价保说明：活动价商品不参加 15 天价保。',
    ].join('\n'),
    startsInDays: -3,
    runsDays: 14,
  },
  {
    title: '下周新春焕新周 New-year upgrade week (next week)',
    category: 'promotion',
    tags: ['促销', '新春焕新', '价保'],
    queues: ['orders', 'complaints'],
    workOrderCategories: ['promotion_dispute', 'price_protection'],
    body: [
      '活动时间：下周一至周日。',
      '洗衣机、热水器 8.8 折；购买一级能效产品加赠延保（阳光包）1 年。',
      '活动前 15 天内购买同型号的，按价保规则退差价。',
    ].join('\n'),
    startsInDays: 7,
    runsDays: 7,
  },
];

type ScriptTexts = Record<ScriptSituation, Record<ScriptLanguage, string>>;

/** The scripts (话术) every queue shares, with the queue's own greeting; `{agent}` is the agent's job number. */
const COMMON: Omit<ScriptTexts, 'greeting'> = {
  apology: {
    'zh-CN': '非常抱歉给您带来不便，我已经记录下您的问题，会尽快为您处理。',
    'en-US': 'I am very sorry for the trouble. I have noted your problem and will get it handled as quickly as possible.',
  },
  escalation: {
    'zh-CN': '您的问题我已升级给客服主管，3 天内一定给您答复，处理过程中我们会主动联系您。',
    'en-US': 'I have escalated your case to my supervisor. You will have an answer within 3 days, and we will keep you informed.',
  },
  closing: {
    'zh-CN': '请问还有其他可以帮您的吗？感谢您的来电，祝您生活愉快，再见！',
    'en-US': 'Is there anything else I can help you with? Thank you for calling, and have a nice day. Goodbye!',
  },
};

const greeting = (zh: string, en: string) => ({ 'zh-CN': `您好，{agent} 号客服为您服务，${zh}`, 'en-US': `Hello, this is agent {agent}. ${en}` });

export const DEMO_SCRIPTS: Record<string, ScriptTexts> = {
  complaints: {
    ...COMMON,
    greeting: greeting('请问您遇到了什么问题？我会负责到底。', 'What went wrong? I will see it through for you.'),
    apology: {
      'zh-CN': '非常抱歉让您有这样的经历，这是我们的责任。我已经为您登记投诉，3 天内一定给您处理方案。',
      'en-US':
        'I am truly sorry you had this experience; it is our responsibility. I have registered your complaint and you will have a solution within 3 days.',
    },
  },
  orders: { ...COMMON, greeting: greeting('请问是查询订单还是送货安排？', 'Are you calling about an order or a delivery?') },
  installation: { ...COMMON, greeting: greeting('请问需要预约安装还是报修？', 'Would you like to book an installation or report a fault?') },
  invoices: { ...COMMON, greeting: greeting('请问需要开具还是补开发票？', 'Do you need an invoice issued or reissued?') },
  membership: { ...COMMON, greeting: greeting('请问有什么会员或积分问题？', 'How can I help with your membership or points?') },
  warranty: { ...COMMON, greeting: greeting('请问是咨询延保（阳光包）吗？', 'Are you calling about the extended warranty?') },
};

/** Directory entries (登记并更新门店、物流、厂家电话): the demo units' numbers, and the manufacturers' service lines. */
export const DEMO_DIRECTORY: Record<string, { phone: string; hours: string; contactPerson: string; notes?: string }> = {
  S001: { phone: '010-6551 2001', hours: '每天 09:00–21:00', contactPerson: '郑芳 (现场客服)' },
  S002: { phone: '010-6255 2002', hours: '每天 09:00–21:00', contactPerson: '马丽 (店长)' },
  S003: { phone: '021-6438 2003', hours: '每天 10:00–22:00', contactPerson: '徐斌 (店长)' },
  L001: { phone: '010-8731 3001', hours: '每天 07:00–20:00', contactPerson: '高建国 (调度)' },
  L002: { phone: '021-5768 3002', hours: '每天 07:00–20:00', contactPerson: '沈伟 (调度)' },
  D001: { phone: '010-8731 3101', hours: '每天 08:00–20:00', contactPerson: '王师傅 (队长)' },
  A001: { phone: '010-8731 3201', hours: '每天 08:00–19:00', contactPerson: '李师傅 (安装队长)' },
  M001: { phone: '400-699 9999', hours: '7×24 小时', contactPerson: '海尔售后服务热线', notes: '冰箱、洗衣机、热水器报修' },
  M002: { phone: '400-889 9315', hours: '7×24 小时', contactPerson: '美的售后服务热线', notes: '空调、小家电报修' },
  M003: { phone: '400-836 5315', hours: '每天 08:00–20:00', contactPerson: '格力售后服务热线', notes: '空调安装与报修' },
};
