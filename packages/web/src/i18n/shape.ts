/** The same keys as T, each with a string of another language. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/**
 * The labels of a module's audit codes (`@xiang/shared/codes/<module>`), one for each of its
 * actions and kinds of record: a code without a label does not compile.
 */
export interface AuditLabels<C extends { actions: readonly string[]; entities: readonly string[] }> {
  auditAction: Record<C['actions'][number], string>;
  auditEntity: Record<C['entities'][number], string>;
}
