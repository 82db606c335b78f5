/**
 * The page language as React state: `useLanguage()` gives the language, `t` and the switch. Switching
 * relabels in place — nothing is unmounted for it (the softphone's Device, socket and call stay).
 */
import dayjs from 'dayjs';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { app, t as translate } from './core';
import { type Lang, LOCALES, type TextKey } from './locales';

interface LanguageState {
  lang: Lang;
  t: (key: TextKey) => string;
  toggle: () => void;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(app.lang);
  const toggle = useCallback(() => {
    // app.lang first: `t` (core.ts) reads it, outside React too (errorText, the offer's notification).
    app.lang = app.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('lang', app.lang);
    document.documentElement.lang = LOCALES[app.lang].html;
    setLang(app.lang);
  }, []);
  const value = useMemo(() => ({ lang, t: translate, toggle }), [lang, toggle]);
  document.documentElement.lang = LOCALES[lang].html;
  dayjs.locale(LOCALES[lang].dayjs); // before the children render: a date picker's calendar names months in it
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}
