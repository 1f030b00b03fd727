import type { MiddlewareHandler } from 'hono'
import { CoreErrorCode } from '../../shared/errors.ts'
import { AppError } from '../app-error.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** The layer whose routes the request reached, set by the host's gate in front of them. */
    layerId: string | undefined
  }
}

/** A layer id as people read it: `languages` → `Languages`, `audit-log` → `Audit log`. */
export const featureName = (layerId: string): string => {
  const words = layerId.replaceAll('-', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** 404 `LAYER_DISABLED`: the same answer whether the layer is off globally or for the tenant. */
export const layerDisabledError = (layerId: string): AppError =>
  new AppError(
    404,
    CoreErrorCode.LAYER_DISABLED,
    `The feature '${featureName(layerId)}' is switched off.`,
  )

/**
 * The host's gate in front of one layer's routes (its prefix and `/api/admin/<id>`): 404
 * `LAYER_DISABLED` while the layer is off globally, and `layerId` in the context so that the
 * tenant middleware can check the tenant's own switch. One map lookup, from memory.
 */
export function layerGate(layerId: string, isOn: (layerId: string) => boolean): MiddlewareHandler {
  return function layerGateMiddleware(c, next) {
    if (!isOn(layerId)) throw layerDisabledError(layerId)
    c.set('layerId', layerId)
    return next()
  }
}
