import { lazy, useEffect, type ReactNode } from 'react';
import { Spin } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { whenSignedOut } from '../api/client.ts';
import { useMe } from './session.ts';
import type { Permission } from '../api/types.ts';

// Loaded only when needed, to keep the sign-in page small.
const QueryState = lazy(() => import('../ui/QueryState.tsx').then((m) => ({ default: m.QueryState })));

/** The console's pages need a session; without one the person is sent to sign in, and back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const client = useQueryClient();
  useEffect(() => whenSignedOut(() => client.setQueryData(['me'], null)), [client]);

  if (me.isPending) return <div style={{ height: '100%', display: 'grid', placeItems: 'center' }}><Spin size="large" /></div>;
  if (me.isError) return <div style={{ paddingTop: 80 }}><QueryState error={me.error} retry={() => me.refetch()} /></div>;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  // The API refuses everything else until a password someone else set is replaced.
  if (me.data.user.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;
  return <>{children}</>;
}

/** A page a role may not use shows 403 rather than a broken screen. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  if (!me.data?.permissions.includes(permission)) return <Navigate to="/403" replace />;
  return <>{children}</>;
}
