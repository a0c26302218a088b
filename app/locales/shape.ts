/** The shape of a message catalogue with every text replaced by `string`: English must match Dutch. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
