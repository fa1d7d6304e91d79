import { lazy, Suspense, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/client.ts';
import { RequirePermission, RequireSession } from './session/RequireSession.tsx';
import { consoleModules } from './modules.ts';
import type { Permission } from './api/types.ts';

const SignInPage = lazy(() => import('./session/SignInPage.tsx'));
const ConsoleLayout = lazy(() => import('./layout/ConsoleLayout.tsx'));
const ChangePasswordPage = lazy(() => import('./session/ChangePasswordPage.tsx'));
// 网上营业厅 — the customers' portal: its own chunk, loaded only at /portal.
const PortalApp = lazy(() => import('./portal/PortalApp.tsx'));
const ErrorPages = { NotFound: lazy(() => import('./ui/ErrorPages.tsx').then((m) => ({ default: m.NotFoundPage }))),
  Forbidden: lazy(() => import('./ui/ErrorPages.tsx').then((m) => ({ default: m.ForbiddenPage }))) };

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A lost connection is worth two more tries; an answer from the API (404, 403, 400) is final.
      retry: (count, error) => error instanceof ApiError && error.isNetwork && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      // Fail rather than wait silently while the browser is offline: the page then offers a retry.
      networkMode: 'always',
    },
    mutations: { retry: false, networkMode: 'always' },
  },
});

const Loading = () => <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
const can = (permission: Permission, page: ReactNode) => <RequirePermission permission={permission}>{page}</RequirePermission>;

// Colours dark enough to read (WCAG AA, 4.5:1 on white): antd's default blue and grey text are not.
const theme = {
  token: { colorPrimary: '#0958d9', colorLink: '#0958d9', borderRadius: 6, colorTextSecondary: 'rgba(0, 0, 0, 0.65)', colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.58)', colorError: '#cf1322' },
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }} theme={theme}>
      <AntApp style={{ height: '100%' }}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<SignInPage />} />
                <Route path="/portal/*" element={<PortalApp />} />
                <Route path="/password" element={<RequireSession><ChangePasswordPage /></RequireSession>} />
                <Route element={<RequireSession><ConsoleLayout /></RequireSession>}>
                  {consoleModules.flatMap((m) => m.pages).map(({ path, page: Page, permission }) => {
                    const element = permission ? can(permission, <Page />) : <Page />;
                    return path ? <Route key={path} path={path} element={element} /> : <Route key="index" index element={element} />;
                  })}
                  <Route path="403" element={<ErrorPages.Forbidden />} />
                  <Route path="*" element={<ErrorPages.NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
