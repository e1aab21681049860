import type { Exchange } from '../parse/types';
import type { Prediction } from '../persistence';
import type { RuleInfo, RuleModule } from './ruleTypes';

export const requestAfterClose: RuleInfo = {
  code: 'request-after-close',
  severity: 'information',
  title: 'Request that follows an exchange that closed the connection',
  explanation:
    'The previous exchange ends with the connection closed, so this request cannot travel on the same ' +
    'connection: the client must open a new one (a new TCP, and maybe TLS, handshake). When a trace shows it ' +
    're-using the old connection, the prediction and the trace disagree: one of the two messages is not what ' +
    'was really sent.',
  spec: 'rfc9112#9.3',
};

export const sequenceRules: RuleModule = {
  rules: [requestAfterClose],
  checkDocument({ doc, predictions, report }) {
    if (doc.kind !== 'message') return;
    let previous: Exchange | undefined;
    let before: Prediction | undefined;
    for (let i = 0; i < doc.exchanges.length; i++) {
      const x = doc.exchanges[i]!;
      if (x.request?.start && before && !before.persists && x.connection !== 'connected') {
        const reused = x.connection === 'reused';
        const closedAt = (previous!.response ?? previous!.request)!.firstLine + 1;
        report(requestAfterClose, x.request.start.span,
          reused
            ? `The trace re-uses a connection that the exchange on line ${closedAt} closed (${before.summary})`
            : `This request needs a new connection: the exchange on line ${closedAt} ${before.summary}`,
          [], reused ? 'warning' : undefined);
      }
      previous = x;
      before = predictions[i];
    }
  },
};
