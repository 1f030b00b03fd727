import { useApi } from '@stratum/layer-core/client'
import { loggingAdminApi } from '../api/logging-api.ts'

/** The consoles' endpoints over the app's API client. */
export const useLoggingApi = () => loggingAdminApi(useApi())
