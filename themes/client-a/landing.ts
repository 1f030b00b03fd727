import type { ThemeLanding } from '@stratum/layer-core/client'

/** What client-a's landing page says under the brand. */
export default {
  headline: {
    'en-US': 'Client A keeps every engagement on course',
    'pt-BR': 'A Client A mantém cada trabalho no rumo certo',
    'es-ES': 'Client A mantiene cada encargo en rumbo',
  },
  text: {
    'en-US': 'Sign in to follow your projects with the Client A team.',
    'pt-BR': 'Entre para acompanhar seus projetos com a equipe da Client A.',
    'es-ES': 'Inicia sesión para seguir tus proyectos con el equipo de Client A.',
  },
} satisfies ThemeLanding
