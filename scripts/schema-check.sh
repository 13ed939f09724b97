#!/usr/bin/env bash
# Regenerates every generated artifact and fails if any committed one changed.
set -euo pipefail
npm run -s generate >/dev/null
if ! git diff --exit-code --stat -- schema.graphql src/generated/pothos-prisma-types.ts test/gql examples/dashboard/src/gql; then
  echo "Generated files drifted: run 'npm run generate' and commit the result." >&2
  exit 1
fi
untracked=$(git ls-files --others --exclude-standard -- schema.graphql src/generated/pothos-prisma-types.ts test/gql examples/dashboard/src/gql)
if [ -n "$untracked" ]; then
  echo "Generated files are not committed: $untracked" >&2
  exit 1
fi
echo "schema.graphql and generated code are up to date."
