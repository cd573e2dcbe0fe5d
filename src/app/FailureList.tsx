// The page's messages: plain ones (dismissable) and failures of requests, each with a Retry button that asks again
// for what failed and only that. What is shown meanwhile stays.
export interface Failure {
  /** stable, to keep the row across re-renders */
  key: string;
  message: string;
  /** asks again for what failed; absent when asking again cannot help */
  retry?: () => void;
}

/** Failed entries of the object panels (SEG, RTSTRUCT, PM, SR) that can be asked again. */
export function failuresOf(entries: ReadonlyArray<{ key: string; status: string; message?: string; retry?: () => void }>): Failure[] {
  return entries.filter((e) => e.status === 'error' && e.retry).map((e) => ({ key: e.key, message: e.message ?? 'failed', retry: e.retry }));
}

interface Props {
  errors: string[];
  failures: Failure[];
  onDismiss: (message: string) => void;
}

export function FailureList({ errors, failures, onDismiss }: Props) {
  if (!errors.length && !failures.length) return null;
  return (
    <div className="messages" role="alert">
      {failures.map((f) => (
        <div key={`f:${f.key}`} className="banner error failure" data-failure-key={f.key}>
          {f.message}
          {f.retry && (
            <button type="button" className="retry" onClick={f.retry}>
              Retry
            </button>
          )}
        </div>
      ))}
      {errors.map((e) => (
        <div key={e} className="banner error">
          {e}
          <button type="button" aria-label="Dismiss" onClick={() => onDismiss(e)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
