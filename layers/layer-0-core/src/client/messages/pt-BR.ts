import type { CoreMessages } from './en-US.ts'

/** Core messages in pt-BR, the default locale. */
export const ptBR: CoreMessages = {
  app: {
    skipToContent: 'Ir para o conteúdo',
    mainNav: 'Navegação principal',
    language: 'Idioma',
    logoAlt: 'Logotipo de {app}',
  },
  nav: { mailbox: 'Caixa de e-mails de desenvolvimento' },
  loading: { label: 'Carregando…' },
  landing: {
    title: 'Início',
    heading: 'Bem-vindo ao {app}',
    signIn: 'Entrar',
    openApp: 'Abrir o aplicativo',
  },
  shell: {
    sideNav: 'Seções',
    openMenu: 'Menu',
    home: '{app}: início',
    sections: { workspace: 'Trabalho', administration: 'Administração', account: 'Conta' },
  },
  start: {
    title: 'Boas-vindas',
    empty:
      'Ainda não há nenhuma página para você abrir. Fale com um administrador da sua organização.',
  },
  notFound: {
    title: 'Página não encontrada',
    body: 'Não existe nenhuma página em {path}.',
    home: 'Ir para a página inicial',
  },
  error: {
    title: 'Algo deu errado',
    requestId: 'ID da requisição',
    help: 'Se isso continuar acontecendo, informe o ID da requisição ao relatar o problema.',
    retry: 'Tentar novamente',
  },
  errors: {
    NETWORK_ERROR:
      'Não foi possível falar com o servidor. Verifique sua conexão e tente novamente.',
    TIMEOUT: 'O servidor demorou demais para responder.',
    INVALID_RESPONSE: 'O servidor enviou uma resposta que o aplicativo não entende.',
    NOT_FOUND: 'O que você procurou não existe.',
    UNAUTHORIZED: 'Você precisa entrar primeiro.',
    FORBIDDEN: 'Você não tem permissão para fazer isso.',
    RATE_LIMITED: 'Muitas requisições. Aguarde um momento e tente novamente.',
    NOT_READY: 'O servidor está iniciando. Tente novamente em instantes.',
    SHUTTING_DOWN: 'O servidor está reiniciando. Tente novamente em instantes.',
    DATABASE_UNAVAILABLE:
      'O serviço está indisponível por um instante. Tente novamente em alguns segundos.',
    INTERNAL_ERROR: 'O servidor encontrou um problema.',
    UNKNOWN: 'Ocorreu um erro inesperado.',
  },
  mailbox: {
    title: 'Caixa de e-mails de desenvolvimento',
    intro: 'E-mails enviados pelo aplicativo enquanto nenhum servidor SMTP está configurado.',
    refresh: 'Atualizar',
    count: 'Nenhuma mensagem | Uma mensagem | {count} mensagens',
    empty: 'Nenhum e-mail foi enviado ainda.',
    disabled:
      'A caixa de desenvolvimento está desligada: há um servidor SMTP configurado, então os e-mails são entregues de verdade.',
    from: 'De',
    to: 'Para',
    sentAt: 'Enviado',
    noSubject: '(sem assunto)',
  },
}
