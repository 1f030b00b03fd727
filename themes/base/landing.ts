import type { ThemeLanding } from '@stratum/layer-core/client'

/** What base's landing page says under the brand. */
export default {
  headline: {
    'en-US': 'Your work, your clients, one place',
    'pt-BR': 'Seu trabalho e seus clientes em um só lugar',
    'es-ES': 'Tu trabajo y tus clientes en un solo lugar',
  },
  text: {
    'en-US': 'Keep clients and projects in order, share them with your team, and see what changed.',
    'pt-BR': 'Organize clientes e projetos, compartilhe com sua equipe e veja o que mudou.',
    'es-ES': 'Ordena clientes y proyectos, compártelos con tu equipo y mira qué ha cambiado.',
  },
} satisfies ThemeLanding
