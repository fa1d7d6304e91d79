import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('configuration', () => {
  it('keeps ./data where `npm start` was typed, not in the package npm runs the server from', () => {
    expect(readConfig({ INIT_CWD: '/srv/xiang' }).dataDir).toBe(path.resolve('/srv/xiang/data'));
    expect(readConfig({ INIT_CWD: '/srv/xiang', DATA_DIR: 'store' }).dataDir).toBe(path.resolve('/srv/xiang/store'));
    expect(readConfig({ INIT_CWD: '/srv/xiang', DATA_DIR: '/var/lib/xiang' }).dataDir).toBe('/var/lib/xiang');
  });
});
