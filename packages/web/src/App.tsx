import { lazy, Suspense, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/client.ts';
import { RequirePermission, RequireSession } from './session/RequireSession.tsx';

const SignInPage = lazy(() => import('./session/SignInPage.tsx'));
const ConsoleLayout = lazy(() => import('./layout/ConsoleLayout.tsx'));
const HomePage = lazy(() => import('./home/HomePage.tsx'));
const CustomerListPage = lazy(() => import('./customers/CustomerListPage.tsx'));
const Customer360Page = lazy(() => import('./customer360/Customer360Page.tsx'));
const ImportWizard = lazy(() => import('./imports/ImportWizard.tsx'));
const OrgUnitsPage = lazy(() => import('./admin/OrgUnitsPage.tsx'));
const UsersPage = lazy(() => import('./admin/UsersPage.tsx'));
const ApiTokensPage = lazy(() => import('./admin/ApiTokensPage.tsx'));
const AuditPage = lazy(() => import('./admin/AuditPage.tsx'));
const TasksPage = lazy(() => import('./tasks/TasksPage.tsx'));
const TemplatesPage = lazy(() => import('./notifications/TemplatesPage.tsx'));
const OperationsPage = lazy(() => import('./admin/OperationsPage.tsx'));
const ChangePasswordPage = lazy(() => import('./session/ChangePasswordPage.tsx'));
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
const can = (permission: string, page: ReactNode) => <RequirePermission permission={permission}>{page}</RequirePermission>;

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
                <Route path="/password" element={<RequireSession><ChangePasswordPage /></RequireSession>} />
                <Route element={<RequireSession><ConsoleLayout /></RequireSession>}>
                  <Route index element={<HomePage />} />
                  <Route path="customers" element={<CustomerListPage />} />
                  <Route path="customers/:id" element={<Customer360Page />} />
                  <Route path="tasks" element={<TasksPage />} />
                  <Route path="messages/templates" element={can('message.send', <TemplatesPage />)} />
                  <Route path="imports" element={can('customer.import', <ImportWizard />)} />
                  <Route path="admin/org-units" element={can('org.manage', <OrgUnitsPage />)} />
                  <Route path="admin/users" element={can('user.manage', <UsersPage />)} />
                  <Route path="admin/api-tokens" element={<ApiTokensPage />} />
                  <Route path="admin/audit" element={can('audit.read', <AuditPage />)} />
                  <Route path="admin/operations" element={can('operations.manage', <OperationsPage />)} />
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
