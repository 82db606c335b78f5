/** Every text of the pages in English, key for key as zh-CN.ts. */
import { qualityEn } from './quality';
import { workOrdersEn } from './work-orders';
import type zhCN from './zh-CN';

const enUS: typeof zhCN = {
  logout: 'Sign out', jobNumber: 'Job number', password: 'Password', signIn: 'Sign in', jobNumberRequired: 'Enter your job number', passwordRequired: 'Enter your password', signInTitle: 'Agent sign-in', loginFailed: 'Sign-in failed', noPage: 'No page for your role',
  ready: 'Ready', notReady: 'Not ready', answered: 'Answered', missed: 'Missed', aht: 'Avg handle time',
  state_offline: 'Offline', state_ready: 'Ready', 'state_not-ready': 'Not ready', state_reserved: 'Ringing', 'state_on-call': 'On call', 'state_wrap-up': 'Wrap-up',
  reason_break: 'Break', reason_meal: 'Meal', reason_training: 'Training', reason_meeting: 'Meeting', reason_other: 'Other', 'reason_missed-call': 'Missed call', reason_disconnected: 'Disconnected', reason_login: 'Just signed in', reason_logout: 'Signed out', reason_disconnect: 'Disconnected', reason_restart: 'Server restart',
  incoming: 'Incoming call', answer: 'Answer', decline: 'Decline', queue: 'Queue', priority: 'Priority', waited: 'Waited', ring: 'Ring {n} of 3', secondsLeft: '{s} s left',
  onCall: 'On call', transfer: 'Transfer', transferToQueue: '— to the queue —', hangUp: 'Hang up', wrapUp: 'Wrap-up', wrapUpDone: 'Wrap-up done',
  hold: 'Hold', resume: 'Resume', myCalls: 'My calls', searchNumber: 'Search by number', onHold: 'On hold', mute: 'Mute', unmute: 'Unmute', keypad: 'Keypad', dial: 'Call', dialPlaceholder: 'Number', dialPlaced: 'Calling', newOffer: 'Incoming call',
  shortcuts: 'Shortcuts:', disposition: 'Disposition', dispositionNote: 'Note',
  disp_resolved: 'Resolved', disp_work_order: 'Work order filed', disp_follow_up: 'Needs follow-up', disp_inquiry: 'Inquiry', disp_complaint: 'Complaint', disp_transferred: 'Transferred', disp_silent: 'Silent / hung up', disp_wrong_number: 'Wrong number', disp_other: 'Other',
  screenPop: 'Caller', loading: 'Loading…', newCaller: 'New caller', repeat: 'Repeat caller', open: 'open orders', previousCalls: 'Previous calls', noOrders: 'No work orders',
  workOrder: 'Work order', woType: 'Type', woCategory: 'Category', woTerminal: 'Responsible terminal', woDescription: 'Description', createWorkOrder: 'Create work order', woCreated: 'Created work order', woDefaultDescription: 'Logged from a call',
  type_complaint: 'Complaint', type_inquiry: 'Inquiry', type_service_request: 'Service request',
  term_logistics: 'Logistics', term_dispatch: 'Dispatch', term_store: 'Store', term_after_sales: 'After-sales', term_manufacturer: 'Manufacturer', term_invoice: 'Invoice', term_membership: 'Membership', term_warranty: 'Warranty',
  deviceConnecting: 'Phone connecting…', deviceReady: 'Phone ready', deviceOffline: 'Phone offline', deviceError: 'Phone error', deviceOtherTab: 'Phone rings in another tab', deviceNotForRole: 'Callback calls are placed by quality monitors',
  errForbidden: 'Your role may not do this', errServer: 'Server error, please try again later',
  queues: 'Queues (live)', agents: 'Agents', waiting: 'Waiting', longestWait: 'Longest wait', readyAgents: 'Ready', offered: 'Offered', abandoned: 'Abandoned', serviceLevel: 'Service level',
  name: 'Name', state: 'State', timeInState: 'Time in state', caller: 'Caller', since: 'Since', forceState: 'Force state', moveAgent: 'Move to queue', apply: 'Apply', move: 'Move', updated: 'Updated',
  ...qualityEn,
  ...workOrdersEn,
  workOrders: 'Work orders', workOrdersSoon: 'The work-order desk is coming: your unit\'s orders will be listed here.', softphone: 'Softphone', signedInAs: 'Signed in', pageNotFound: 'No such page', switchLanguage: '中文',
};
export default enUS;
