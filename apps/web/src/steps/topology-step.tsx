// The first step: the two topologies, then the step's own fields (the
// Debian release). Each radio's label is exactly its accessible name; the
// longer description is attached with aria-describedby.
import { FieldList } from '../lazy-parts.tsx';
import type { Topology } from '../state/fields.ts';
import type { StepMeta } from '../state/step-meta.ts';
import { useWizard } from '../hooks/use-wizard.ts';

const CHOICES: readonly { value: Topology; label: string; description: string }[] = [
  {
    value: 'single-host',
    label: 'Single host (Unix socket)',
    description:
      'Postfix and Cyrus run on the same machine. Postfix delivers through Cyrus’s LMTP socket; no password is needed because only the socket group may open it. The bundle has one folder, mail-host/.',
  },
  {
    value: 'remote',
    label: 'Remote store (TCP + SASL)',
    description:
      'Cyrus runs on a separate store host. Postfix connects to lmtpd over TCP and logs in with a SASL user. The bundle has two folders, postfix-host/ and cyrus-host/, one per machine.',
  },
  {
    value: 'murder',
    label: 'Cyrus Murder (several backends)',
    description:
      'Mailboxes are spread over several Cyrus backends. Postfix delivers over TCP, SASL and TLS to a frontend, whose lmtpd finds each mailbox’s backend through the mupdate master and passes the message on (Cyrus’s murder-installation.rst). The bundle has one folder per host: the mupdate master, each backend, each frontend, and postfix-host/.',
  },
];

export function TopologyStep({ meta }: { meta: StepMeta }) {
  const { state, dispatch, check } = useWizard();
  const errors = state.revealed.includes('topology') ? check.errors.general : [];
  const invalid = errors.length > 0;
  const messages = state.topology === null ? ['Choose one of the topologies.'] : errors.map((e) => e.message);
  return (
    <div className="fields">
      <fieldset
        className={invalid ? 'choices is-invalid' : 'choices'}
        aria-describedby={invalid ? 'topology-error' : undefined}
      >
        <legend>Where does Cyrus run?</legend>
        {CHOICES.map((c) => {
          const chosen = state.topology === c.value;
          return (
            <div key={c.value} className={chosen ? 'choice is-selected' : 'choice'}>
              <input
                type="radio"
                id={`topology-${c.value}`}
                name="topology"
                value={c.value}
                checked={chosen}
                aria-describedby={`topology-${c.value}-desc`}
                onChange={() => dispatch({ type: 'setTopology', topology: c.value })}
              />
              <label htmlFor={`topology-${c.value}`}>{c.label}</label>
              <p id={`topology-${c.value}-desc`} className="choice-description">
                {c.description}
              </p>
            </div>
          );
        })}
        {invalid ? (
          <div id="topology-error" className="field-error">
            {messages.map((message) => (
              <p key={message}>
                <span className="visually-hidden">Error: </span>
                {message}
              </p>
            ))}
          </div>
        ) : null}
      </fieldset>
      <FieldList fields={meta.fields} />
      {state.draft.target === 'debian-12' ? (
        <p className="upgrade-offer">
          Moving these hosts to Debian 13?{' '}
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              dispatch({ type: 'setField', path: 'target', value: 'debian-13' });
              dispatch({ type: 'setField', path: 'upgradeFrom', value: 'debian-12' });
            }}
          >
            Make the upgrade bundle for Debian 13
          </button>
        </p>
      ) : null}
    </div>
  );
}
