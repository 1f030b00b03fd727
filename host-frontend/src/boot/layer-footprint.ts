import type { ClientLayer, LayerDisposer } from '@stratum/layer-core/client'
import { effectScope, type EffectScope } from 'vue'
import type { Router } from 'vue-router'

/** Router methods whose return value takes back what they added. */
const UNDOABLE = ['addRoute', 'beforeEach', 'beforeResolve', 'afterEach', 'onError']

/**
 * What one installed layer left in the app, recorded so it can be taken back when the layer is
 * switched off for the current tenant (`take-out-layer.ts`, loaded only then): the routes and
 * guards added through {@link router}, the watchers its `install` created in {@link scope}, the
 * client half itself (stores, nav, header items, page sections, tokens), and the disposer its
 * `install` returned.
 */
export interface LayerFootprint {
  /** The app's router; what goes through it is recorded in {@link undo}. */
  readonly router: Router
  /** Removers of routes and guards, oldest first. */
  readonly undo: (() => void)[]
  /** Runs `install` so the watchers it creates synchronously stop with the layer. */
  readonly scope: EffectScope
  /** The client half: its stores, nav, header items, page sections and theme tokens. */
  readonly layer: ClientLayer
  /** Set from what `install` returned. */
  disposer?: LayerDisposer
}

/** Starts the footprint of `layer`. */
export function createLayerFootprint(router: Router, layer: ClientLayer): LayerFootprint {
  const undo: (() => void)[] = []
  return {
    router: new Proxy(router, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key)
        if (typeof value !== 'function' || !UNDOABLE.includes(key as string)) return value
        return (...args: unknown[]) => {
          const remove = (value as (...a: unknown[]) => () => void).apply(target, args)
          undo.push(remove)
          return remove
        }
      },
    }),
    undo,
    scope: effectScope(true),
    layer,
  }
}
