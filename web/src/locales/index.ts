/** The page languages: Chinese first (zh-CN), English on the switch; with Ant Design's own locale for each, and dayjs's (the date pickers' month and weekday names; English is dayjs's own, as Ant Design's en_US expects). */
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import enUS from './en-US';
import zhCN, { type TextKey } from './zh-CN';

export type { TextKey };
export type Lang = 'zh' | 'en';
export const LOCALES = {
  zh: { texts: zhCN, antd: zhCNAntd, html: 'zh-CN', dates: 'zh-CN', dayjs: 'zh-cn' },
  en: { texts: enUS, antd: enUSAntd, html: 'en', dates: 'en-GB', dayjs: 'en' },
} as const;
