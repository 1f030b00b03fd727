/** OpenAPI tag of this layer's routes. */
export const tags = ['app']
