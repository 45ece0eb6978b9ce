/** The problems a survey definition was refused for, in order (problemsOf in app/validation/survey.ts). */
export function ProblemList({ problems, className }: { problems: readonly string[]; className?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className={className}>
      {problems.map((problem) => (
        <li key={problem}>{problem}</li>
      ))}
    </ul>
  );
}
