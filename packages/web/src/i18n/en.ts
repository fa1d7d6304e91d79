import type { zhCN } from './zh-CN.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** English — the same keys as zh-CN.ts; the compiler refuses a missing one. */
export const en: Shape<typeof zhCN> = {
  app: { name: 'Xiang CRM' },
  common: {
    actions: 'Actions', cancel: 'Cancel', confirm: 'OK', edit: 'Edit', loadMore: 'Load more', loading: 'Loading…', more: 'View all',
    next: 'Next', previous: 'Previous', reset: 'Reset', retry: 'Retry', save: 'Save', saved: 'Saved', search: 'Search',
  },
  signIn: {
    subtitle: 'Telecom CRM · staff console', username: 'Username', password: 'Password', submit: 'Sign in',
    usernameRequired: 'Enter your username', passwordRequired: 'Enter your password', wrong: 'The username or password is wrong',
  },
  session: {
    signOut: 'Sign out', changePassword: 'Change password', mustChange: 'Someone else set your password. Choose a new one that only you know.',
    currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'Confirm new password', passwordRule: 'At least 10 characters',
    mismatch: 'The two new passwords differ', passwordChanged: 'Password changed',
  },
  menu: {
    home: 'Home', customers: 'Customers', imports: 'Import', admin: 'Administration', orgUnits: 'Organisation', users: 'Users',
    apiTokens: 'API tokens', audit: 'Audit trail', toggle: 'Collapse or expand the menu',
  },
  roles: { admin: 'Administrator', manager: 'Manager', account_manager: 'Account manager', sales: 'Sales', marketing: 'Marketing', service_agent: 'Service agent', analyst: 'Analyst' },
  level: { group: 'Group', province: 'Province', local_network: 'Local network', team: 'Team' },
  search: { placeholder: 'Find a customer: name, phone, number', none: 'No matching customer' },
  errors: {
    notFound: 'This page or record does not exist, or is outside your units.', forbidden: 'Your role may not use this.', backHome: 'Back to home',
    offlineTitle: 'Connection lost', offlineText: 'The server cannot be reached. Check the network and try again.', offlineBanner: 'You are offline; work continues when the connection returns.',
    failedTitle: 'Could not load',
  },
  tier: { key: 'Key account', regular: 'Regular' },
  kind: { individual: 'Individual', enterprise: 'Enterprise' },
  status: { active: 'Active', archived: 'Archived', merged: 'Merged' },
  gender: { male: 'Male', female: 'Female' },
  customers: {
    title: 'Customers', number: 'Number', name: 'Name', tier: 'Tier', kind: 'Kind', unit: 'Unit', owner: 'Account manager',
    status: 'Status', tag: 'Tag', tags: 'Tags', createdAt: 'Created', createdFrom: 'Created from', createdTo: 'Created to', address: 'Address',
    gender: 'Gender', birthDate: 'Date of birth', industry: 'Industry', note: 'Note', noOwner: 'Unassigned', columns: 'Columns',
    searchPlaceholder: 'Name / phone / number', export: 'Export CSV', create: 'New customer', createTitle: 'New customer', editTitle: 'Edit customer',
    created: 'Customer created', unitDefault: 'Default: my unit', reassign: 'Reassign', reassignTitle: 'Reassign {{n}} customers',
    newOwner: 'New account manager', newUnit: 'New unit', reassigned: '{{n}} customers reassigned', pageN: 'Page {{n}}', perPage: '{{n}} / page',
  },
  identity: {
    kind: 'Kind', value: 'Value', primary: 'Primary', source: 'Source', createdAt: 'Recorded',
    phone: 'Phone', email: 'E-mail', id_number: 'ID number', member_id: 'Member ID', cookie_id: 'Browser ID', wechat: 'WeChat',
  },
  contact: { name: 'Name', title: 'Title', decisionMaker: 'Decision maker' },
  c360: {
    timeline: 'Timeline', contacts: 'Contacts', identities: 'Identities', services: 'Services', bills: 'Bills & payments',
    since: 'Customer since', monthlyFee: 'Monthly spend', owed: 'Owed', activeServices: 'Active services', openItems: 'Unpaid bills', overdueN: '{{n}} overdue',
    interactionsSummary: '{{n}} interactions in all', archive: 'Archive', restore: 'Restore', archiveConfirm: 'Archive this customer? Archived customers leave the list.',
    restoreConfirm: 'Restore this customer?', archived: 'Customer archived', restored: 'Customer restored', merge: 'Merge a duplicate', noContacts: 'No contacts',
  },
  interactionKind: { descriptive: 'Descriptive', promotional: 'Promotional', transactional: 'Transactional' },
  channel: {
    staff: 'Staff', phone: 'Phone', hotline: 'Hotline', email: 'E-mail', sms: 'SMS', web: 'Web', chat: 'Chat',
    portal: 'Portal', store: 'Store', import: 'Import', system: 'System',
  },
  timeline: {
    kind: 'Kind', channel: 'Channel', type: 'Type (e.g. note)', empty: 'Nothing yet', end: 'That is everything',
    addNote: 'Add a note', notePlaceholder: 'What was discussed, what the customer asked for, what happens next…', noteRequired: 'Write the note',
    dropFiles: 'Click or drop files here to attach them', dropHint: 'Images, voice recordings, video, PDF, Office documents', saveNote: 'Save note', noteSaved: 'Note saved',
  },
  service: { product: 'Product', category: 'Category', number: 'Service number', status: 'Status', start: 'Start', end: 'End', monthlyFee: 'Monthly fee' },
  category: { mobile: 'Mobile', broadband: 'Broadband', iptv: 'IPTV', fixed_line: 'Fixed line', value_added: 'Value-added' },
  serviceStatus: { active: 'Active', suspended: 'Suspended', terminated: 'Terminated' },
  bill: { bills: 'Bills', payments: 'Payments', period: 'Period', amount: 'Amount', paid: 'Paid', due: 'Due', status: 'Status', paidAt: 'Paid at', method: 'Method' },
  billStatus: { open: 'Open', paid: 'Paid', overdue: 'Overdue' },
  payMethod: { cash: 'Cash', bank: 'Bank debit', alipay: 'Alipay', wechat: 'WeChat Pay', card: 'Card', recharge_card: 'Recharge card' },
  merge: {
    title: 'Merge a duplicate customer', explain: '“{{name}}” stays; the other customer’s identities, services, bills and timeline move here. Choose which value to keep for each field.',
    find: 'Find the customer to merge in (name, phone, number)', field: 'Field', keep: 'Customer kept', mergedAway: 'Customer merged in', submit: 'Merge', done: 'Customers merged',
    fields: { name: 'Name', tier: 'Tier', gender: 'Gender', birthDate: 'Date of birth', industry: 'Industry', address: 'Address', note: 'Note', ownerId: 'Account manager' },
  },
  home: {
    greeting: 'Hello, {{name}}', myCustomers: 'My customers', myKeyCustomers: 'My key accounts', openBills: 'Unpaid bills', owed: 'Owed',
    openItems: 'Open items: unpaid bills', noOpenItems: 'No unpaid bills', recentTimeline: 'Recent activity', customers: 'Customers', keyCustomers: 'Key accounts',
    enterprises: 'Enterprises', monthlyRevenue: 'Monthly revenue (active services)', byUnit: 'Customers by unit', newByMonth: 'New customers, last 12 months', byTier: 'Customers by tier',
    servicesByCategory: 'Active services by category', interactionsByMonth: 'Interactions, last 6 months', newCustomers: 'New customers',
  },
  imports: {
    title: 'Import customers', stepUpload: 'Upload', stepMap: 'Map columns', stepCheck: 'Check', stepDone: 'Done',
    drop: 'Click or drop a CSV / Excel file here', dropHint: 'The first row holds the headers; CSV in UTF-8 or GBK, and .xlsx', unit: 'Import into unit', owner: 'Assign to account manager',
    readFile: 'Read the file', file: 'File', format: 'Format', rows: 'Rows', column: 'Column in the file', field: 'Field', check: 'Check',
    valid: 'Valid', invalid: 'With errors', duplicates: 'Duplicates', problems: '{{errors}} rows with errors and {{duplicates}} duplicate rows.', errorReport: 'Download error report',
    badRows: 'Rows with errors', row: 'Row', problem: 'Problem', existing: 'Existing customer', openExisting: 'Open existing customer', sameAsRow: 'Same as row {{row}}', otherUnit: 'Another unit',
    mode: 'How to import', allOrNothing: 'All or nothing (any error or duplicate stops the import)', validOnly: 'Only the {{n}} valid rows; skip errors and duplicates',
    changeMapping: 'Change mapping', commit: 'Import', committed: '{{n}} customers imported', undone: 'Import undone; {{n}} customers archived', viewCustomers: 'View customers',
    undo: 'Undo this import', another: 'Import another file',
  },
  importField: {
    name: 'Name', kind: 'Kind', tier: 'Tier', gender: 'Gender', birthDate: 'Date of birth', address: 'Address', industry: 'Industry', note: 'Note', tags: 'Tags',
    phone: 'Phone', email: 'E-mail', id_number: 'ID number', member_id: 'Member ID', wechat: 'WeChat', productCode: 'Product code', serviceNumber: 'Service number',
    serviceStartDate: 'Service start date', attribute: 'Custom attribute', ignore: 'Ignore this column',
  },
  org: {
    pick: 'Unit', pickHint: 'Choose a unit on the left', code: 'Code', level: 'Level', name: 'Name', nameEn: 'English name', addChild: 'Add a unit below',
    add: 'Add', created: 'Unit created',
  },
  users: {
    create: 'New user', edit: 'Edit user', username: 'Username', displayName: 'Name', role: 'Role', email: 'E-mail', state: 'State',
    enabled: 'Active', disabled: 'Disabled', resetPassword: 'Reset password', resetConfirm: 'Reset the password of “{{name}}”?', passwordOnce: 'New password (shown once; hand it over safely)',
    initialPassword: 'Initial password', passwordHint: 'Leave empty to have one generated',
  },
  tokens: {
    name: 'Token name', nameRequired: 'Name the token', create: 'Create token', prefix: 'Prefix', lastUsed: 'Last used', active: 'Active',
    revokedAt: 'Revoked {{at}}', revoke: 'Revoke', revokeConfirm: 'Integrations using this token stop working at once. Revoke it?', revoked: 'Token revoked',
    shownOnce: 'Token created. Copy it now: it is shown only this once.',
  },
  audit: { at: 'Time', actor: 'Actor', action: 'Action', entity: 'Entity', entityId: 'Entity ID', before: 'Before', after: 'After' },
};
