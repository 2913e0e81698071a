// Window-wide messages above the panel (renderer): Tor's problem and a failed call.
import { useActions, useApp } from '../store/context';
import { ProblemBox } from './common/ProblemBox';

export function Banners() {
  const torProblem = useApp((s) => s.tor.problem);
  const callError = useApp((s) => s.callError);
  const actions = useActions();
  if (!torProblem && !callError) return null;
  return (
    <div className="banners">
      {torProblem && <ProblemBox problem={torProblem} />}
      {callError && (
        <ProblemBox
          problem={{ kind: 'internal', message: `${callError.method}: ${callError.message}` }}
          onDismiss={actions.dismissCallError}
        />
      )}
    </div>
  );
}
