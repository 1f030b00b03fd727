import workspace from '../../../../layers.config.ts'

/**
 * The workspace's layers.config.ts with languages on and logging off, as these browser tests were
 * written against; both hosts read it. Derived, not copied, so a new layer or setting reaches it.
 */
export default {
  ...workspace,
  layers: workspace.layers.map((layer) =>
    layer.name === 'languages' || layer.name === 'logging'
      ? { ...layer, enabled: layer.name === 'languages' }
      : layer,
  ),
}
