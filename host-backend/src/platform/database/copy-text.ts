/** A quoted SQL identifier (`"name"`), for table and column names in a COPY statement. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`
