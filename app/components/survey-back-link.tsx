// The way back from a survey's tools (builder, paper entry, results) to its overview.
import { Link } from "@remix-run/react";

export function surveyOverviewPath(communityCode: string, surveyId: string): string {
  return `/communities/${communityCode}/surveys/${surveyId}`;
}

export function SurveyBackLink({ communityCode, surveyId }: { communityCode: string; surveyId: string }) {
  return (
    <p>
      <Link to={surveyOverviewPath(communityCode, surveyId)}>← 返回问卷概况</Link>
    </p>
  );
}
