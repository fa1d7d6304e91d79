import { useQueryClient } from '@tanstack/react-query';

/**
 * After a change to one customer: the 360 view (header figures and tab counts) and the lists
 * the change touched (['bills', id], ['payments', id] …) are read again.
 */
export function useCustomerChanged(customerId: string) {
  const client = useQueryClient();
  return (...lists: string[]) => Promise.all([
    client.invalidateQueries({ queryKey: ['customer360', customerId] }),
    ...lists.map((list) => client.invalidateQueries({ queryKey: [list, customerId] })),
  ]);
}
