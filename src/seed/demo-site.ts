import type { Role } from '../auth/role';
import type { Terminal } from '../organisation/terminals';

/** The demo site a newcomer signs into: the six queues of the design, ten agents, one of each other role. */
export const DEMO_SKILLS_AND_QUEUES = [
  { code: 'complaints', name: '投诉 Complaints', menuKey: '0' },
  { code: 'orders', name: '订单/配送 Orders & delivery', menuKey: '1' },
  { code: 'installation', name: '安装/售后 Installation & after-sales', menuKey: '2' },
  { code: 'invoices', name: '发票 Invoices', menuKey: '3' },
  { code: 'membership', name: '会员/积分 Membership & points', menuKey: '4' },
  { code: 'warranty', name: '延保/阳光包 Extended warranty', menuKey: '5' },
] as const;

export const DEMO_UNITS: { code: string; name: string; terminal: Terminal; city: string; dailyCapacity?: number }[] = [
  { code: 'S001', name: '朝阳门店 Chaoyang store', terminal: 'store', city: '北京' },
  { code: 'S002', name: '海淀门店 Haidian store', terminal: 'store', city: '北京' },
  { code: 'S003', name: '徐汇门店 Xuhui store', terminal: 'store', city: '上海' },
  { code: 'L001', name: '北京物流中心 Beijing logistics centre', terminal: 'logistics', city: '北京', dailyCapacity: 400 },
  { code: 'L002', name: '上海物流中心 Shanghai logistics centre', terminal: 'logistics', city: '上海', dailyCapacity: 300 },
  { code: 'D001', name: '北京配送队 Beijing dispatch team', terminal: 'dispatch', city: '北京' },
  { code: 'A001', name: '北京售后安装队 Beijing installation team', terminal: 'after_sales', city: '北京' },
  // Manufacturers' service lines (厂家): directory entries for click-to-call and three-way calls, and work orders' units.
  { code: 'M001', name: '海尔 Haier service', terminal: 'manufacturer', city: '全国' },
  { code: 'M002', name: '美的 Midea service', terminal: 'manufacturer', city: '全国' },
  { code: 'M003', name: '格力 Gree service', terminal: 'manufacturer', city: '全国' },
];

type SkillCode = (typeof DEMO_SKILLS_AND_QUEUES)[number]['code'];

export const DEMO_STAFF: { jobNumber: string; name: string; roles: Role[]; unitCode?: string; skills?: Partial<Record<SkillCode, number>> }[] = [
  { jobNumber: '1001', name: '王芳', roles: ['agent'], skills: { complaints: 1, orders: 2 } },
  { jobNumber: '1002', name: '李娜', roles: ['agent'], skills: { complaints: 1, installation: 2 } },
  { jobNumber: '1003', name: '张伟', roles: ['agent'], skills: { orders: 1, installation: 1 } },
  { jobNumber: '1004', name: '刘洋', roles: ['agent'], skills: { orders: 1, invoices: 2 } },
  { jobNumber: '1005', name: '陈静', roles: ['agent'], skills: { installation: 1, warranty: 2 } },
  { jobNumber: '1006', name: '杨磊', roles: ['agent'], skills: { invoices: 1, membership: 1 } },
  { jobNumber: '1007', name: '赵敏', roles: ['agent'], skills: { membership: 1, warranty: 1 } },
  { jobNumber: '1008', name: '黄强', roles: ['agent'], skills: { complaints: 2, orders: 2, installation: 2 } },
  { jobNumber: '1009', name: '周婷', roles: ['agent'], skills: { warranty: 1, membership: 2, invoices: 2 } },
  { jobNumber: '1010', name: '吴军', roles: ['agent'], skills: { complaints: 2, orders: 1, membership: 3 } },
  { jobNumber: '2001', name: '孙志刚', roles: ['supervisor'] },
  { jobNumber: '3001', name: '钱晓燕', roles: ['quality'] },
  { jobNumber: '4001', name: '郑芳', roles: ['terminal'], unitCode: 'S001' },
  { jobNumber: '9001', name: '冯涛', roles: ['admin'] },
];

/**
 * The default QA form (质检评分表) for calls and work orders: the four sections of the seeds' service
 * standard, each item's weight its points; 辱骂客户 (rude language) is a pass/fail critical item that
 * zeroes the evaluation.
 */
export const DEMO_SCORECARD = {
  name: '标准服务质检表 Standard service scorecard',
  description: '问候与礼貌用语、准确性、解决方案、结案；辱骂客户一票否决 (critical fail).',
  subjectTypes: ['call', 'work_order'] as ('call' | 'work_order')[],
  sections: [
    {
      title: '问候与礼貌用语 Greeting and polite language',
      items: [
        { code: 'greeting', label: '标准问候语并报工号 Standard greeting with job number', maxPoints: 5, weight: 5, criticalFail: false },
        { code: 'polite_language', label: '礼貌用语 Polite language throughout', maxPoints: 5, weight: 5, criticalFail: false },
        { code: 'rude_language', label: '无辱骂客户 No rude or abusive language (1 = none)', maxPoints: 1, weight: 0, criticalFail: true },
      ],
    },
    {
      title: '准确性 Accuracy',
      items: [
        { code: 'information_accuracy', label: '信息准确 Information given is accurate', maxPoints: 10, weight: 10, criticalFail: false },
        { code: 'policy_compliance', label: '符合政策流程 Follows policy and procedure', maxPoints: 10, weight: 10, criticalFail: false },
      ],
    },
    {
      title: '解决方案 Solution',
      items: [
        { code: 'solution_fit', label: '方案合理有效 Solution fits the problem', maxPoints: 15, weight: 15, criticalFail: false },
        { code: 'first_contact_ownership', label: '首问负责 Owns the problem from the first contact', maxPoints: 10, weight: 10, criticalFail: false },
      ],
    },
    {
      title: '结案 Closure',
      items: [
        { code: 'customer_acceptance', label: '确认客户认可方案 Confirms the customer accepts', maxPoints: 5, weight: 5, criticalFail: false },
        { code: 'work_order_record', label: '工单记录完整 Work order recorded completely', maxPoints: 5, weight: 5, criticalFail: false },
        { code: 'closing', label: '标准结束语 Standard closing', maxPoints: 5, weight: 5, criticalFail: false },
      ],
    },
  ],
};
