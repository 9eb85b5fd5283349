#!/usr/bin/env bash
# Tests of deploy-approval.sh against a stand-in gh that answers from fixtures shaped like the
# GitHub REST API's responses (commits/{sha}/pulls, issues/{n}/events) and applies --jq with jq,
# as gh does. The real API can't be reached here; what the stand-in can't show is how GitHub
# fills those responses. Usage: scripts/deploy-approval_test.sh (exit 1 on a failure).
set -euo pipefail
cd "$(dirname "$0")"
command -v jq >/dev/null || { echo "jq is missing (Debian: apt-get install jq)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
cat >"$tmp/bin/gh" <<'EOF'
#!/usr/bin/env bash
# gh api [--paginate] PATH --jq FILTER, answered from $FIXTURES/<last two path segments>.json.
set -euo pipefail
[ "$1" = api ] || { echo "fake gh: only 'gh api' is supported" >&2; exit 2; }
shift
path="" filter="."
while [ $# -gt 0 ]; do
	case "$1" in
	--paginate) ;;
	--jq) filter=$2; shift ;;
	*) path=$1 ;;
	esac
	shift
done
echo "$path" >>"$FIXTURES/calls"
file="$FIXTURES/$(basename "$(dirname "$path")")-$(basename "$path").json"
[ -f "$file" ] || { echo "gh: HTTP 404: Not Found (https://api.github.com/$path)" >&2; exit 1; }
jq -r "$filter" "$file"
EOF
chmod +x "$tmp/bin/gh"

sha=0123456789abcdef0123456789abcdef01234567
failures=0

# run NAME ENV... : runs the script with a fresh fixture dir $tmp/NAME (filled by the caller first)
run() {
	local name=$1
	shift
	: >"$tmp/$name/out"
	: >"$tmp/$name/summary"
	set +e
	env -i PATH="$tmp/bin:$PATH" FIXTURES="$tmp/$name" GITHUB_REPOSITORY=octo/pool GITHUB_SHA=$sha \
		GITHUB_EVENT_NAME=push GITHUB_ACTOR=pusher GITHUB_OUTPUT="$tmp/$name/out" \
		GITHUB_STEP_SUMMARY="$tmp/$name/summary" "$@" ./deploy-approval.sh >"$tmp/$name/log" 2>&1
	echo $? >"$tmp/$name/code"
	set -e
}

# expect NAME CODE ALLOW APPROVED_BY TEXT : the exit status, the outputs, and TEXT in the log and summary
expect() {
	local name=$1 code=$2 allow=$3 by=$4 text=$5 got
	got=$(cat "$tmp/$name/code")
	if [ "$got" != "$code" ]; then
		echo "FAIL $name: exit $got, want $code; log:"; sed 's/^/  /' "$tmp/$name/log"; failures=$((failures + 1)); return
	fi
	if [ "$code" = 0 ]; then
		got=$(cat "$tmp/$name/out")
		if [ "$got" != "$(printf 'allow=%s\napproved-by=%s' "$allow" "$by")" ]; then
			echo "FAIL $name: GITHUB_OUTPUT is:"; sed 's/^/  /' "$tmp/$name/out"; echo "  want allow=$allow approved-by=$by"; failures=$((failures + 1)); return
		fi
		if ! grep -qF -- "$text" "$tmp/$name/summary"; then
			echo "FAIL $name: job summary lacks \"$text\":"; sed 's/^/  /' "$tmp/$name/summary"; failures=$((failures + 1)); return
		fi
	elif [ -s "$tmp/$name/out" ]; then
		echo "FAIL $name: exit $code but GITHUB_OUTPUT was written"; failures=$((failures + 1)); return
	fi
	if ! grep -qF -- "$text" "$tmp/$name/log"; then
		echo "FAIL $name: log lacks \"$text\":"; sed 's/^/  /' "$tmp/$name/log"; failures=$((failures + 1)); return
	fi
	echo "ok   $name"
}

case_dir() { mkdir -p "$tmp/$1"; }
merged_pr() { # NAME : PR 42 merged as $sha, and an open PR 43 whose branch also contains it
	cat >"$tmp/$1/$sha-pulls.json" <<EOF
[{"number": 43, "state": "open", "merged_at": null, "merge_commit_sha": "ffff"},
 {"number": 42, "state": "closed", "merged_at": "2026-03-02T10:00:00Z", "merge_commit_sha": "$sha"}]
EOF
}
events() { # NAME EVENT:ACTOR:LABEL... : the issue events of PR 42, in order
	local name=$1 sep="" i=0 e
	shift
	{
		echo "["
		for e in "$@"; do
			IFS=: read -r ev actor lbl <<<"$e"
			i=$((i + 1))
			printf '%s{"id": %d, "event": "%s", "actor": {"login": "%s"}, "created_at": "2026-03-01T0%d:00:00Z", "label": {"name": "%s", "color": "d73a4a"}}\n' \
				"$sep" "$i" "$ev" "$actor" "$i" "$lbl"
			sep=","
		done
		echo ',{"id": 99, "event": "merged", "actor": {"login": "merger"}, "created_at": "2026-03-02T10:00:00Z"}]'
	} >"$tmp/$name/42-events.json"
}

case_dir labelled
merged_pr labelled
events labelled labeled:alice:needs-review labeled:alice:allow-pool-replacement
run labelled
expect labelled 0 true alice "approved** by @alice: label allow-pool-replacement added to pull request #42 at 2026-03-01T02:00:00Z"

case_dir relabelled
merged_pr relabelled
events relabelled labeled:alice:allow-pool-replacement unlabeled:bob:allow-pool-replacement labeled:carol:allow-pool-replacement unlabeled:dave:other
run relabelled
expect relabelled 0 true carol "approved** by @carol"

case_dir label-removed
merged_pr label-removed
events label-removed labeled:alice:allow-pool-replacement unlabeled:bob:allow-pool-replacement
run label-removed
expect label-removed 0 false "" "No approval: pull request #42 (merged 2026-03-02T10:00:00Z) does not carry the label allow-pool-replacement"

case_dir other-label
merged_pr other-label
events other-label labeled:alice:allow-pool-replacement-later
run other-label
expect other-label 0 false "" "does not carry the label"

case_dir direct-push
echo '[{"number": 43, "state": "open", "merged_at": null, "merge_commit_sha": "ffff"}]' >"$tmp/direct-push/$sha-pulls.json"
run direct-push
expect direct-push 0 false "" "No approval: no merged pull request has $sha as its merge commit"

case_dir other-merged-pr # PR 41, merged earlier as another commit, has the label: not this change's PR
echo '[{"number": 41, "state": "closed", "merged_at": "2026-02-01T10:00:00Z", "merge_commit_sha": "eeee"}]' >"$tmp/other-merged-pr/$sha-pulls.json"
events other-merged-pr labeled:alice:allow-pool-replacement
mv "$tmp/other-merged-pr/42-events.json" "$tmp/other-merged-pr/41-events.json"
run other-merged-pr
expect other-merged-pr 0 false "" "No approval: no merged pull request has $sha as its merge commit"

case_dir dispatch
run dispatch GITHUB_EVENT_NAME=workflow_dispatch GITHUB_ACTOR=erin DISPATCH_ALLOW=true DISPATCH_REASON="  move to the
new schema, users exported  "
expect dispatch 0 true erin "approved** by @erin (manual run, workflow_dispatch), reason: move to the new schema, users exported"
if [ -s "$tmp/dispatch/calls" ]; then echo "FAIL dispatch: called the GitHub API: $(cat "$tmp/dispatch/calls")"; failures=$((failures + 1)); fi

case_dir dispatch-no-reason
run dispatch-no-reason GITHUB_EVENT_NAME=workflow_dispatch DISPATCH_ALLOW=true DISPATCH_REASON=" "
expect dispatch-no-reason 2 "" "" "needs a reason"

case_dir dispatch-bad-flag
run dispatch-bad-flag DISPATCH_ALLOW=yes
expect dispatch-bad-flag 2 "" "" 'DISPATCH_ALLOW="yes" is not true or false'

case_dir dispatch-without-approval
merged_pr dispatch-without-approval
events dispatch-without-approval labeled:alice:allow-pool-replacement
run dispatch-without-approval GITHUB_EVENT_NAME=workflow_dispatch DISPATCH_ALLOW=false
expect dispatch-without-approval 0 true alice "approved** by @alice"

case_dir api-down
merged_pr api-down
run api-down
expect api-down 1 "" "" "HTTP 404"

[ "$failures" = 0 ] || { echo "$failures failed"; exit 1; }
echo "deploy-approval: all cases pass"
