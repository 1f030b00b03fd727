import type { ThemeLanding } from '@stratum/layer-core/client'

/** What client-b's landing page says under the brand. */
export default {
  headline: {
    'en-US': 'Plan boldly with Client B',
    'pt-BR': 'Planeje com ousadia com a Client B',
    'es-ES': 'Planifica con audacia con Client B',
  },
  text: {
    'en-US': 'Your clients, projects and reports, in one calm place.',
    'pt-BR': 'Seus clientes, projetos e relatórios em um lugar tranquilo.',
    'es-ES': 'Tus clientes, proyectos e informes, en un lugar tranquilo.',
  },
} satisfies ThemeLanding
