/**
 * The application: Ant Design in the page's language (zh-CN first), the sign-in page or the layout
 * with the page of the address (#/<route>), limited to what the user's roles may open.
 */
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import access from './access';
import { allowedRoutes, matchRoute, prefetchDesk, SOFTPHONE_PATH } from './config/routes';
import { app, setSession } from './core';
import { LanguageProvider, useLanguage } from './language';
import { BasicLayout } from './layouts/basic-layout';
import { LOCALES } from './locales';
import { LoginPage } from './pages/login';

/** The address after '#', as the page's route path. */
function useHashPath(): [string, (path: string) => void] {
  const read = () => location.hash.replace(/^#/, '') || '/';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const onChange = () => setPath(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((to: string) => {
    if (read() !== to) location.hash = `#${to}`;
    setPath(to);
  }, []);
  return [path, go];
}

function Pages() {
  const { t } = useLanguage();
  const [session, setShownSession] = useState(app.session);
  const [path, go] = useHashPath();
  const [signingOut, setSigningOut] = useState(false);
  const routes = useMemo(() => (session ? allowedRoutes(access(session.roles)) : []), [session]);
  const signedOut = useCallback(() => {
    setShownSession(null);
    go('/login');
  }, [go]);
  useEffect(() => {
    app.onSignedOut = signedOut;
    app.onSessionRenewed = () => setShownSession(app.session);
  }, [signedOut]);

  // While the sign-in form waits for the user, the desk's chunk loads in idle time.
  useEffect(() => {
    if (session) return;
    const idle = requestIdleCallback(prefetchDesk);
    return () => cancelIdleCallback(idle);
  }, [session]);

  const matched = session ? matchRoute(routes, path) : null;
  // An address this user may not open (or none): their home page, the first route they may.
  useEffect(() => {
    if (session && !matched && routes.length) go(routes[0].path);
  }, [session, matched, routes, go]);

  if (!session) {
    return (
      <LoginPage
        onSignedIn={() => {
          setShownSession(app.session);
          go(allowedRoutes(access(app.session!.roles))[0]?.path ?? '/');
        }}
      />
    );
  }
  const signOut = async () => {
    setSigningOut(true);
    await app.signOutPage?.(); // the softphone tells the server first (offline at once)
    setSigningOut(false);
    setSession(null);
    signedOut();
  };
  const Page = matched?.route.component;
  // An agent's softphone stays open behind the other pages: its socket keeps them signed in, its Device keeps
  // their call while they work an order (the desk's click-to-call rings it), and an offer brings it forward.
  const softphone = routes.find((r) => r.path === SOFTPHONE_PATH);
  const onSoftphone = matched?.route === softphone;
  return (
    <BasicLayout session={session} routes={routes} current={matched?.route ?? null} onSignOut={() => void signOut()} signingOut={signingOut}>
      {softphone && (
        <div hidden={!onSoftphone}>
          <Suspense fallback={<Spin />}>
            <softphone.component route={softphone} />
          </Suspense>
        </div>
      )}
      {onSoftphone ? null : Page && matched ? (
        <Suspense fallback={<Spin />}>
          <Page key={matched.route.path} route={matched.route} arg={matched.arg} />
        </Suspense>
      ) : (
        <Result status="403" title={routes.length ? t('pageNotFound') : t('noPage')} />
      )}
    </BasicLayout>
  );
}

function Themed() {
  const { lang } = useLanguage();
  return (
    <ConfigProvider locale={LOCALES[lang].antd} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1d4ed8', borderRadius: 4 } }}>
      <AntApp>
        <Pages />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <Themed />
    </LanguageProvider>
  );
}
