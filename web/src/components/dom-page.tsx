/**
 * Hosts a page drawn with DOM calls (core.ts's `h`) inside the React layout: opens it into a div once,
 * tears it down on unmount. A page with `relabel` takes the language switch in place (the softphone: its
 * Device, socket and call must never be rebuilt for a language); the others are redrawn in the new one.
 */
import { useEffect, useRef } from 'react';
import { app, type DomPage, relabel } from '../core';
import { useLanguage } from '../language';

export function DomPageHost({ open, testid }: { open: (root: HTMLElement) => DomPage; testid?: string }) {
  const root = useRef<HTMLDivElement>(null);
  const page = useRef<DomPage | null>(null);
  const { lang } = useLanguage();
  const shownLang = useRef(lang);
  useEffect(() => {
    const host = root.current!; // the div this effect opened the page into, cleared by its cleanup
    const opened = open(host);
    page.current = opened;
    if (opened.signOut) app.signOutPage = opened.signOut;
    return () => {
      if (app.signOutPage === opened.signOut) app.signOutPage = null;
      opened.teardown();
      page.current = null;
      host.replaceChildren();
    };
  }, [open]);
  useEffect(() => {
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    relabel();
    page.current?.relabel?.();
  }, [lang]);
  return <div ref={root} className="dom-page" data-testid={testid} />;
}
