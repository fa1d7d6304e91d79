import { api, ApiError } from '../api/client.ts';
import type { Body, IdentityT } from '../api/types.ts';

export type NewIdentityValues = Body<'/customers/{customerId}/identities'>;

/** A value another customer already holds (409); `duplicateOf` names them when the caller may see them. */
export class IdentityTaken extends ApiError {
  constructor(message: string, readonly duplicateOf?: string) {
    super(409, message, 'value');
  }
}

/** 添加身份标识 — a taken value becomes IdentityTaken, so the form can offer the other customer. */
export async function addIdentity(customerId: string, input: NewIdentityValues): Promise<IdentityT> {
  try {
    return await api.POST('/customers/{customerId}/identities', { params: { path: { customerId } }, body: input });
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      throw new IdentityTaken(error.message, error.problem.duplicateOf as string | undefined);
    }
    throw error;
  }
}
