import { layerLoaders } from 'virtual:stratum/layers'
import { startApp } from './boot/start-app.ts'
import './styles/base.css'

void startApp({ el: '#app', loaders: layerLoaders })
