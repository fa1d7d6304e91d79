import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Spin } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { whenSignedOut } from '../api/client.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { usePortalMe } from './api.ts';
import { PortalLayout } from './PortalLayout.tsx';

const SignInPage = lazy(() => import('./SignInPage.tsx'));
const HomePage = lazy(() => import('./HomePage.tsx'));
const ReportPage = lazy(() => import('./ReportPage.tsx'));
const TicketsPage = lazy(() => import('./TicketsPage.tsx'));
const TicketPage = lazy(() => import('./TicketPage.tsx'));
const MePage = lazy(() => import('./MePage.tsx'));
const HelpPage = lazy(() => import('./HelpPage.tsx'));
const HelpArticlePage = lazy(() => import('./HelpArticlePage.tsx'));

const Loading = () => <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;

/** The portal's pages need the customer signed in; without it they go to sign in, and back. */
function RequireCustomer({ children }: { children: ReactNode }) {
  const me = usePortalMe();
  const location = useLocation();
  const client = useQueryClient();
  useEffect(() => whenSignedOut(() => client.setQueryData(['portal', 'me'], null)), [client]);
  if (me.isPending) return <Loading />;
  if (me.isError) return <div style={{ paddingTop: 80 }}><QueryState error={me.error} retry={() => me.refetch()} /></div>;
  if (!me.data) return <Navigate to={`/portal/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/** 网上营业厅 — the customers' own site at /portal, apart from the console: its own sign-in, its own pages, phone first. */
export default function PortalApp() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="login" element={<SignInPage />} />
        <Route element={<RequireCustomer><PortalLayout /></RequireCustomer>}>
          <Route index element={<HomePage />} />
          <Route path="report" element={<ReportPage />} />
          <Route path="tickets" element={<TicketsPage />} />
          <Route path="tickets/:id" element={<TicketPage />} />
          <Route path="me" element={<MePage />} />
          <Route path="knowledge" element={<HelpPage />} />
          <Route path="knowledge/:id" element={<HelpArticlePage />} />
          <Route path="*" element={<Navigate to="/portal" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
