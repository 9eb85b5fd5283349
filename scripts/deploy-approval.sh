#!/usr/bin/env bash
# The deploy workflow's pool-replacement approval: decides whether the replacement guard may let a
# user-pool replacement through, and says who approved it, in the job log and the job summary.
#
# An approval is either
#   - the label allow-pool-replacement on the merged pull request that brought the deployed commit
#     (the PR whose merge_commit_sha is GITHUB_SHA), approved by whoever last added the label
#     (the issue events API; a label removed again is no approval), or
#   - a manual run (workflow_dispatch) with the input allow-pool-replacement and a reason,
#     approved by the actor who started the run.
# Anything else (a direct push, a PR without the label) is no approval: the guard blocks as before.
#
# Reads: GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_EVENT_NAME, GITHUB_ACTOR, DISPATCH_ALLOW
# (true|false), DISPATCH_REASON, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY; gh with GH_TOKEN (contents,
# pull-requests and issues read). Writes allow=true|false and approved-by=LOGIN to GITHUB_OUTPUT.
# Exit status: 0 decided (either way), 1 the GitHub API failed, 2 bad input.
set -euo pipefail

label=allow-pool-replacement
: "${GITHUB_REPOSITORY:?}" "${GITHUB_SHA:?}" "${GITHUB_EVENT_NAME:?}" "${GITHUB_OUTPUT:?}"
summary=${GITHUB_STEP_SUMMARY:-/dev/null}

decide() { # allow approved-by message
	echo "deploy-approval: $3"
	{
		echo "### Pool-replacement approval"
		echo
		echo "$3"
	} >>"$summary"
	{
		echo "allow=$1"
		echo "approved-by=$2"
	} >>"$GITHUB_OUTPUT"
	exit 0
}

case "${DISPATCH_ALLOW:-false}" in
true)
	reason=$(echo "${DISPATCH_REASON:-}" | tr -s '[:space:]' ' ' | sed 's/^ //; s/ $//')
	if [ -z "$reason" ]; then
		echo "deploy-approval: the input allow-pool-replacement needs a reason (the input reason is empty)" >&2
		exit 2
	fi
	decide true "${GITHUB_ACTOR:?}" "Pool replacement **approved** by @${GITHUB_ACTOR} (manual run, workflow_dispatch), reason: ${reason}"
	;;
false) ;;
*)
	echo "deploy-approval: DISPATCH_ALLOW=\"$DISPATCH_ALLOW\" is not true or false" >&2
	exit 2
	;;
esac

# The merged PR that brought this commit: a merge or squash commit names it as merge_commit_sha.
# (Open PRs whose branch contains the commit are listed too; they are not the change's PR.)
# https://docs.github.com/en/rest/commits/commits#list-pull-requests-associated-with-a-commit
pr=$(gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls" \
	--jq "[.[] | select(.merged_at != null and .merge_commit_sha == \"$GITHUB_SHA\")][0] // empty | \"\(.number) \(.merged_at)\"")
if [ -z "$pr" ]; then
	decide false "" "No approval: no merged pull request has ${GITHUB_SHA} as its merge commit (a direct push?). A pool replacement is blocked; run this workflow by hand with allow-pool-replacement and a reason to approve one."
fi
read -r number merged_at <<<"$pr"

# Who added the label last, and whether it is still on: the last labeled/unlabeled event decides.
# https://docs.github.com/en/rest/issues/events#list-issue-events
last=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$number/events" \
	--jq ".[] | select((.event == \"labeled\" or .event == \"unlabeled\") and .label.name == \"$label\") | \"\(.event) \(.actor.login) \(.created_at)\"" |
	tail -n 1)
read -r event actor at <<<"${last:-none - -}"
if [ "$event" != labeled ]; then
	decide false "" "No approval: pull request #${number} (merged ${merged_at}) does not carry the label ${label}. A pool replacement is blocked; add the label to #${number} and re-run this job to approve one."
fi
decide true "$actor" "Pool replacement **approved** by @${actor}: label ${label} added to pull request #${number} at ${at} (merged ${merged_at})."
