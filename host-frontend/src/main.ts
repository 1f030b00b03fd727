import { layerEarly, layerLoaders, layerRoutePaths } from 'virtual:stratum/layers'
import { startApp } from './boot/start-app.ts'
import './styles/base.css'

void startApp({
  el: '#app',
  loaders: layerLoaders,
  routePaths: layerRoutePaths,
  early: layerEarly,
})
