// Checked by `npm run typecheck`, never run: each @ts-expect-error below must be an error, so a
// client that turned to `any` (or paths that stopped being checked) fails the typecheck.
import { api, asForm, downloadHref } from './client.ts';

export async function callsTheTypesRefuse(customerId: string) {
  // @ts-expect-error a path the server does not have
  await api.GET('/customer/{customerId}', { params: { path: { customerId } } });
  // @ts-expect-error a method the path does not take
  await api.DELETE('/customers/{customerId}/360', { params: { path: { customerId } } });
  // @ts-expect-error a missing path parameter
  await api.GET('/customers/{customerId}', {});
  // @ts-expect-error no parameters at all where the path has one
  await api.GET('/customers/{customerId}');
  // @ts-expect-error a path parameter under another name
  await api.GET('/customers/{customerId}', { params: { path: { id: customerId } } });
  // @ts-expect-error a body field the route does not take
  await api.POST('/customers/{customerId}/contacts', { params: { path: { customerId } }, body: { name: '李四', fax: '0731' } });
  // @ts-expect-error a body without a required field
  await api.POST('/tasks', { body: { dueAt: '2031-01-01T09:00:00Z' } });
  // @ts-expect-error a body field of the wrong kind
  await api.POST('/customers/{customerId}/payments', { params: { path: { customerId } }, body: { billId: 'b', amountFen: '10.00', method: 'cash' } });
  // @ts-expect-error a query parameter the route does not take, beside one it does
  await api.GET('/customers', { params: { query: { q: '张', pageSize: 20 } } });
  // @ts-expect-error a query value outside the route's choices
  await api.GET('/customers', { params: { query: { tier: 'gold' } } });
  // @ts-expect-error a JSON body for a route that takes none
  await api.POST('/customers/{customerId}/archive', { params: { path: { customerId } }, body: { reason: 'x' } });
  // @ts-expect-error a download link to a route that answers JSON
  downloadHref('/customers/{customerId}', { path: { customerId } });
  // @ts-expect-error an upload without its file
  await api.POST('/imports', { body: { dryRun: true }, ...asForm });
  // @ts-expect-error an upload field the route does not take
  await api.POST('/customers/{customerId}/attachments', { params: { path: { customerId } }, body: { file: new Blob([]), note: 'x' }, ...asForm });
  // What the routes take passes: a multipart form, a body, a query.
  await api.POST('/imports', { body: { file: new Blob(['名称\n']), dryRun: true, headerRow: 2 }, ...asForm });
  await api.POST('/customers/{customerId}/contacts', { params: { path: { customerId } }, body: { name: '李四' } });
  await api.GET('/customers', { params: { query: { q: '张', limit: 20 } } });
}

export async function answersAreTyped(customerId: string) {
  const customer = await api.GET('/customers/{customerId}', { params: { path: { customerId } } });
  const name: string = customer.name;
  // @ts-expect-error the answer's fields have their types, not `any`
  const wrong: number = customer.name;
  // @ts-expect-error a field the answer does not have
  void customer.nickname;
  const signedOut = await api.DELETE('/sessions/current');
  // @ts-expect-error a 204 answers nothing
  void signedOut.id;
  return [name, wrong];
}
