/** The same keys as T, each with a string of another language. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
