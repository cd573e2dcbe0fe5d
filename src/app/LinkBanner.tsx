// The one banner about the link itself (linkProblems.ts): each problem on its own line.
export function LinkBanner({ problems }: { problems: string[] }) {
  if (!problems.length) return null;
  return (
    <div className="banner error link-banner" role="alert">
      <strong>{problems.length > 1 ? 'Problems with this link' : 'Problem with this link'}</strong>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
