#!/usr/bin/env bash
# The main job on a fresh machine, with no GitHub App, cluster or credentials: installs what is
# missing, builds canary-bot, and rolls the example podinfo out twice on real local git
# repositories with simulated time — once healthy (promoted), once failing (rolled back, with a
# revert PR). Every step is a real commit; reports are written as markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
CANARY_BOT_SKIP_APT="${CANARY_BOT_SKIP_APT:-1}" bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
tsc -p tsconfig.build.json

demo=${CANARY_BOT_DEMO_DIR:-out/demo}
rm -rf "$demo"
mkdir -p "$demo"

# A GitOps repository as a team would have it: podinfo 6.0.0 with its Canary, then a merged
# pull request that bumps the image to 6.0.1.
make_repo() {
  local dir=$1
  cp -R examples/gitops "$dir"
  git -C "$dir" init -q -b main
  git -C "$dir" -c user.name="Octo Cat" -c user.email=octocat@example.com add -A
  git -C "$dir" -c user.name="Octo Cat" -c user.email=octocat@example.com commit -q -m "podinfo 6.0.0 with canary-bot specs"
  sed -i 's/podinfo:6.0.0/podinfo:6.0.1/' "$dir/apps/podinfo/deployment.yaml"
  git -C "$dir" -c user.name="Octo Cat" -c user.email=octocat@example.com commit -q -am "Merge pull request #42 from acme/bump-podinfo

Bump podinfo to 6.0.1"
}

status=0
for scenario in healthy failing; do
  repo="$demo/$scenario/gitops"
  mkdir -p "$demo/$scenario"
  make_repo "$repo"
  echo
  echo "=== canary-bot simulate: podinfo 6.0.0 → 6.0.1, scenario examples/scenarios/$scenario.yaml"
  set +e
  node bin/canary-bot.js simulate "$repo" --canary test/podinfo --from HEAD~1 \
    --metrics "examples/scenarios/$scenario.yaml" --out "$demo/$scenario/reports"
  code=$?
  set -e
  # A healthy rollout must promote (0) and a failing one must roll back (1); anything else is a bug.
  expected=$([[ $scenario == healthy ]] && echo 0 || echo 1)
  if [[ $code -ne $expected ]]; then
    echo "demo: the $scenario rollout ended with exit code $code, expected $expected" >&2
    status=1
  fi
done
echo
echo "Reports (check run, PR comment, PRs, alerts) are in $demo/*/reports; the repositories in $demo/*/gitops."
exit $status
