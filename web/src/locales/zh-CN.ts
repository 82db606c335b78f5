/** Every text of the pages in Chinese (the default); en-US.ts has the same keys. */
import { qualityZh } from './quality';
import { workOrdersZh } from './work-orders';

const zhCN = {
  logout: '退出', jobNumber: '工号', password: '密码', signIn: '登录', jobNumberRequired: '请输入工号', passwordRequired: '请输入密码', signInTitle: '客服登录', loginFailed: '登录失败', noPage: '没有可用的页面',
  ready: '就绪 (示闲)', notReady: '未就绪 (示忙)', answered: '已接听', missed: '未接', aht: '平均处理时长',
  state_offline: '离线', state_ready: '就绪', 'state_not-ready': '未就绪', state_reserved: '振铃中', 'state_on-call': '通话中', 'state_wrap-up': '话后处理',
  reason_break: '小休', reason_meal: '用餐', reason_training: '培训', reason_meeting: '会议', reason_other: '其他', 'reason_missed-call': '未接来电', reason_disconnected: '连接断开', reason_login: '刚登录', reason_logout: '已退出', reason_disconnect: '连接断开', reason_restart: '系统重启',
  incoming: '来电', answer: '接听', decline: '拒接', queue: '队列', priority: '优先级', waited: '已等待', ring: '第 {n} 声 (共 3 声)', secondsLeft: '剩余 {s} 秒',
  onCall: '通话中', transfer: '转接', transferToQueue: '— 转到队列 —', hangUp: '挂断', wrapUp: '话后处理', wrapUpDone: '完成话后处理',
  hold: '保持', resume: '恢复通话', myCalls: '我的通话', searchNumber: '按号码搜索', onHold: '保持中', mute: '静音', unmute: '取消静音', keypad: '拨号盘', dial: '外呼', dialPlaceholder: '输入号码', dialPlaced: '正在呼叫', newOffer: '新来电',
  shortcuts: '快捷键:', disposition: '小结', dispositionNote: '备注',
  disp_resolved: '已解决', disp_work_order: '已建工单', disp_follow_up: '需跟进', disp_inquiry: '咨询', disp_complaint: '投诉', disp_transferred: '已转接', disp_silent: '无声/挂断', disp_wrong_number: '打错电话', disp_other: '其他',
  screenPop: '来电弹屏', loading: '加载中…', newCaller: '新客户', repeat: '重复来电', open: '张未结工单', previousCalls: '历史来电', noOrders: '暂无工单',
  workOrder: '工单', woType: '类型', woCategory: '类别', woTerminal: '责任终端', woDescription: '问题描述', createWorkOrder: '创建工单', woCreated: '已创建工单', woDefaultDescription: '来电登记',
  type_complaint: '投诉', type_inquiry: '咨询', type_service_request: '服务请求',
  term_logistics: '物流', term_dispatch: '配送', term_store: '门店', term_after_sales: '售后', term_manufacturer: '厂家', term_invoice: '发票', term_membership: '会员', term_warranty: '延保',
  deviceConnecting: '话机连接中…', deviceReady: '话机已就绪', deviceOffline: '话机离线', deviceError: '话机错误', deviceOtherTab: '话机在另一个标签页振铃', deviceNotForRole: '回访呼叫由质检员拨打',
  errForbidden: '你的角色无权进行此操作', errServer: '服务器出错，请稍后再试',
  queues: '队列实时', agents: '坐席状态', waiting: '排队数', longestWait: '最长等待', readyAgents: '就绪坐席', offered: '呼入', abandoned: '放弃', serviceLevel: '服务水平',
  name: '姓名', state: '状态', timeInState: '状态时长', caller: '来电号码', since: '开始于', forceState: '强制状态', moveAgent: '调整队列', apply: '应用', move: '调整', updated: '更新于',
  ...qualityZh,
  ...workOrdersZh,
  workOrders: '工单', workOrdersSoon: '工单处理台即将上线：这里将列出本单位的工单。', softphone: '软电话', signedInAs: '当前用户', pageNotFound: '没有这个页面', switchLanguage: 'English',
};
export default zhCN;
export type TextKey = keyof typeof zhCN;
