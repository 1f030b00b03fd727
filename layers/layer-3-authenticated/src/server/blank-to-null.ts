/** Empty form fields are stored as NULL. */
export const blankToNull = <T>(value: T | '' | null | undefined): T | null | undefined =>
  value === '' ? null : value
