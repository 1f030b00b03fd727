import workspace from '../../../layers.config.ts'

/** The workspace's layers with logging switched on, for the browser test (both hosts read it). */
export default {
  ...workspace,
  layers: workspace.layers.map((layer) =>
    layer.name === 'logging' ? { ...layer, enabled: true } : layer,
  ),
}
