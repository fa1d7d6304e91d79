import { lazy } from 'react';
import { CloudUploadOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';

/** 客户导入 — the import wizard. */
export const importsModule: ConsoleModule = {
  pages: [{ path: 'imports', page: lazy(() => import('./ImportWizard.tsx')), permission: 'customer.import' }],
  menu: [{ path: '/imports', icon: <CloudUploadOutlined />, label: 'menu.imports', permission: 'customer.import' }],
};
