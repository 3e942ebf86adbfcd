/** The alerts flow's one exception: a message that could not be delivered after every retry. */
import { exceptionsOf, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const alertsExceptionCatalogue = {
  alert_undelivered: {
    code: 'alert_undelivered',
    category: 'upstream',
    severity: 'error',
    owner: 'integration',
    action:
      'An alert could not be delivered to its channel after repeated tries (the evidence shows the answer). Check the channel (mail server, webhook URL, its secret); the alert is sent again by itself every 15 minutes, or retry it now.',
    autoRetry: true,
  },
} satisfies Record<string, ExceptionDefinition>;

export const alertsException = exceptionsOf('alerts', alertsExceptionCatalogue);
